-- roles are cluster-wide: create them only when missing
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgs_e2e_dp_ro') THEN
		CREATE ROLE pgs_e2e_dp_ro;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'Pgs DP "Ünï" Owner') THEN
		CREATE ROLE "Pgs DP ""Ünï"" Owner";
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgs dp ''); DROP TABLE x; --') THEN
		CREATE ROLE "pgs dp '); DROP TABLE x; --";
	END IF;
END
$$;

CREATE SCHEMA "App Ω";
-- default privileges of the running role (no FOR ROLE), in all schemas and
-- in one, and of another role (FOR ROLE)
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO pgs_e2e_dp_ro;
ALTER DEFAULT PRIVILEGES IN SCHEMA "App Ω" GRANT USAGE ON SEQUENCES TO "Pgs DP ""Ünï"" Owner";
ALTER DEFAULT PRIVILEGES FOR ROLE "Pgs DP ""Ünï"" Owner" GRANT UPDATE ON TABLES TO pgs_e2e_dp_ro;

-- created after: they get those privileges
CREATE TABLE "App Ω".kept (id integer PRIMARY KEY, note text);
CREATE SEQUENCE "App Ω".counter;
