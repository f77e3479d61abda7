-- the roles come from from.sql (roles are cluster-wide; a schema file
-- cannot create them)
-- new objects that come with their grants; the old table and its grant go
CREATE SCHEMA "Reports";
CREATE TABLE "Reports"."Daily" (id integer, "select" text);
CREATE SEQUENCE "Reports".seq;
CREATE MATERIALIZED VIEW "Reports".totals AS SELECT count(*) AS n FROM "Reports"."Daily";
CREATE FUNCTION "Reports".f(a text, b integer DEFAULT 1) RETURNS text LANGUAGE sql AS $$ SELECT a $$;
GRANT USAGE ON SCHEMA "Reports" TO pgs_e2e_new_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA "Reports" TO pgs_e2e_new_ro;
GRANT SELECT, USAGE ON SEQUENCE "Reports".seq TO PUBLIC;
REVOKE EXECUTE ON FUNCTION "Reports".f(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "Reports".f TO pgs_e2e_new_ro WITH GRANT OPTION;
