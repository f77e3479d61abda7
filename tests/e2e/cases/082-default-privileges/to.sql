-- the roles come from from.sql (roles are cluster-wide; a schema file
-- cannot create them)
CREATE SCHEMA "App Ω";
-- the objects kept from before keep what they were given then
CREATE TABLE "App Ω".kept (id integer PRIMARY KEY, note text);
CREATE SEQUENCE "App Ω".counter;
GRANT SELECT ON "App Ω".kept TO pgs_e2e_dp_ro;
GRANT USAGE ON SEQUENCE "App Ω".counter TO "Pgs DP ""Ünï"" Owner";

-- changed: the table default is gone, the sequence one is replaced by a
-- table one with the grant option, PUBLIC loses EXECUTE on new functions,
-- new schemas are usable by a role, and the other role's default moves
-- into a schema (FOR ROLE written again)
ALTER DEFAULT PRIVILEGES IN SCHEMA "App Ω" GRANT SELECT, INSERT ON TABLES TO "pgs dp '); DROP TABLE x; --" WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO pgs_e2e_dp_ro;
ALTER DEFAULT PRIVILEGES FOR ROLE "Pgs DP ""Ünï"" Owner" IN SCHEMA "App Ω" GRANT USAGE ON TYPES TO pgs_e2e_dp_ro;

-- created after the statements above: they get the new defaults, which the
-- plan creates them without (the defaults change after everything else)
CREATE TABLE "App Ω".fresh (id integer);
CREATE FUNCTION "App Ω".answer() RETURNS integer LANGUAGE sql AS $$ SELECT 42 $$;
CREATE SCHEMA "Später";
