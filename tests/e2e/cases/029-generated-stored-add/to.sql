CREATE TABLE t (id integer NOT NULL, a integer, b integer, total integer GENERATED ALWAYS AS (a + b) STORED);
