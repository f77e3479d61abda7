-- roles are cluster-wide: create them only when missing
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgs_e2e_ro') THEN
		CREATE ROLE pgs_e2e_ro;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgs_e2e_rw') THEN
		CREATE ROLE pgs_e2e_rw;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'Pgs E2E Admin') THEN
		CREATE ROLE "Pgs E2E Admin";
	END IF;
END
$$;

CREATE SCHEMA app;
CREATE TABLE app.accounts (id integer PRIMARY KEY, name text);
CREATE VIEW app.account_names AS SELECT id, name FROM app.accounts;
CREATE SEQUENCE app.counter;
CREATE TYPE app.mood AS ENUM ('ok', 'sad');
CREATE DOMAIN app.posint AS integer CHECK (VALUE > 0);
CREATE FUNCTION app.add_one(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x + 1 $$;
CREATE PROCEDURE app.touch() LANGUAGE sql AS $$ SELECT 1 $$;

GRANT USAGE ON SCHEMA app TO pgs_e2e_ro;
GRANT SELECT, UPDATE ON app.accounts TO pgs_e2e_ro;
GRANT ALL ON TABLE app.accounts TO pgs_e2e_rw;
GRANT SELECT ON app.account_names TO PUBLIC;
GRANT USAGE ON SEQUENCE app.counter TO pgs_e2e_rw WITH GRANT OPTION;
REVOKE EXECUTE ON FUNCTION app.add_one(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.add_one(integer) TO pgs_e2e_ro;
