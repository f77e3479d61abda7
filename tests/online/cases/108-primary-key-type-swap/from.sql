CREATE TABLE t (name text, id integer PRIMARY KEY);
