-- the roles come from from.sql (roles are cluster-wide; a schema file
-- cannot create them).  With --privileges the rebuilt table gets the
-- file's grants (pgs_e2e_ro loses SELECT, "Pgs E2E Admin" gains UPDATE),
-- and the view recreated around it keeps its own.
CREATE TABLE "Acct" (id bigserial PRIMARY KEY, "Rôle's" text DEFAULT 'x', owner_name text NOT NULL);
GRANT SELECT, INSERT, UPDATE ON "Acct" TO "Pgs E2E Admin";
CREATE VIEW "Acct names" AS SELECT id, owner_name FROM "Acct";
GRANT SELECT ON "Acct names" TO pgs_e2e_ro;
