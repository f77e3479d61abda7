-- the roles come from from.sql (roles are cluster-wide; a schema file
-- cannot create them)
CREATE SCHEMA app;
CREATE TABLE app.accounts (id integer PRIMARY KEY, name text);
CREATE VIEW app.account_names AS SELECT id, name FROM app.accounts;
CREATE SEQUENCE app.counter;
CREATE TYPE app.mood AS ENUM ('ok', 'sad');
CREATE DOMAIN app.posint AS integer CHECK (VALUE > 0);
CREATE FUNCTION app.add_one(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x + 1 $$;
CREATE PROCEDURE app.touch() LANGUAGE sql AS $$ SELECT 1 $$;

-- changed: more for ro, less for rw, the option taken back, PUBLIC's
-- defaults revoked and restored, a quoted role name
GRANT USAGE, CREATE ON SCHEMA app TO pgs_e2e_ro;
-- (in from.sql's order: pg_dump lists an acl's entries as granted)
GRANT SELECT ON app.accounts TO pgs_e2e_ro WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON app.accounts TO pgs_e2e_rw;
REVOKE TRUNCATE, TRIGGER ON app.accounts FROM pgs_e2e_rw;
GRANT SELECT ON app.account_names TO "Pgs E2E Admin";
GRANT USAGE ON SEQUENCE app.counter TO pgs_e2e_rw;
REVOKE USAGE ON TYPE app.mood FROM PUBLIC;
GRANT USAGE ON TYPE app.mood TO pgs_e2e_ro;
GRANT USAGE ON DOMAIN app.posint TO "Pgs E2E Admin";
REVOKE ALL ON PROCEDURE app.touch() FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE app.touch TO pgs_e2e_rw;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
