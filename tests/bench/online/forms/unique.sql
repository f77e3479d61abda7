-- UNIQUE: big.b gets a unique constraint
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE big (id bigint PRIMARY KEY, a integer, b integer CONSTRAINT big_b_key UNIQUE, c integer, parent_id integer, n integer NOT NULL DEFAULT 0);
CREATE INDEX big_n ON big (n);
CREATE SEQUENCE big_ids;
