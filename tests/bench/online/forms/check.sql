-- CHECK: big.c >= 0
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE big (id bigint PRIMARY KEY, a integer, b integer, c integer CONSTRAINT big_c_check CHECK (c >= 0), parent_id integer, n integer NOT NULL DEFAULT 0);
CREATE INDEX big_n ON big (n);
CREATE SEQUENCE big_ids;
