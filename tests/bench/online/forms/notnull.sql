-- SET NOT NULL: big.a becomes NOT NULL
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE big (id bigint PRIMARY KEY, a integer NOT NULL, b integer, c integer, parent_id integer, n integer NOT NULL DEFAULT 0);
CREATE INDEX big_n ON big (n);
CREATE SEQUENCE big_ids;
