CREATE TABLE t (id integer NOT NULL, n integer DEFAULT 0, s smallint);
