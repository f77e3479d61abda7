-- int -> bigint: big.n (indexed by big_n) becomes bigint
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE big (id bigint PRIMARY KEY, a integer, b integer, c integer, parent_id integer, n bigint NOT NULL DEFAULT 0);
CREATE INDEX big_n ON big (n);
CREATE SEQUENCE big_ids;
