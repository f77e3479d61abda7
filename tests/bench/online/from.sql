-- Starting schema of the online-stall benchmark (tests/bench/online_stall.sh).
-- forms/*.sql are this schema with one change each.
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE big (id bigint PRIMARY KEY, a integer, b integer, c integer, parent_id integer, n integer NOT NULL DEFAULT 0);
CREATE INDEX big_n ON big (n);
CREATE SEQUENCE big_ids;
