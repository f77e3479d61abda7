CREATE TABLE t (id integer, v text);
CREATE TABLE u (a integer NOT NULL, b integer NOT NULL);
