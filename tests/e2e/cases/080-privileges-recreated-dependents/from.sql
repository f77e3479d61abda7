-- roles are cluster-wide: create them only when missing
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgs_e2e_dep_ro') THEN
		CREATE ROLE pgs_e2e_dep_ro;
	END IF;
END
$$;

CREATE TABLE metric (id integer PRIMARY KEY, value integer);
CREATE VIEW high AS SELECT id, value FROM metric WHERE value > 10;
GRANT SELECT ON metric, high TO pgs_e2e_dep_ro;
