CREATE TABLE t (id integer NOT NULL, b integer);
