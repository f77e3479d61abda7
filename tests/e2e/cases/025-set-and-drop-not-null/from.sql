CREATE TABLE t (id integer, a text NOT NULL, b integer);
