-- the role comes from from.sql.  The column type change drops and recreates
-- the view in its transaction: its grant must come back with it
CREATE TABLE metric (id integer PRIMARY KEY, value bigint);
CREATE VIEW high AS SELECT id, value FROM metric WHERE value > 10;
GRANT SELECT ON metric, high TO pgs_e2e_dep_ro;
