-- roles are cluster-wide: create them only when missing
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgs_e2e_ro') THEN
		CREATE ROLE pgs_e2e_ro;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'Pgs E2E Admin') THEN
		CREATE ROLE "Pgs E2E Admin";
	END IF;
END
$$;
CREATE TABLE "Acct" (id bigserial PRIMARY KEY, owner_name text NOT NULL);
GRANT SELECT, INSERT ON "Acct" TO "Pgs E2E Admin";
GRANT SELECT ON "Acct" TO pgs_e2e_ro;
CREATE VIEW "Acct names" AS SELECT id, owner_name FROM "Acct";
GRANT SELECT ON "Acct names" TO pgs_e2e_ro;
