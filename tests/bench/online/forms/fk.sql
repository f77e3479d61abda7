-- FOREIGN KEY: big.parent_id references the 100-row parent
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE big (id bigint PRIMARY KEY, a integer, b integer, c integer, parent_id integer CONSTRAINT big_parent_id_fkey REFERENCES parent, n integer NOT NULL DEFAULT 0);
CREATE INDEX big_n ON big (n);
CREATE SEQUENCE big_ids;
