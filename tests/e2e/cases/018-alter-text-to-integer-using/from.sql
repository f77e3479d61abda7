CREATE TABLE t (id integer NOT NULL, qty text, code text NOT NULL);
