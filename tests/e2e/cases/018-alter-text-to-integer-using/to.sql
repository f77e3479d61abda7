CREATE TABLE t (id integer NOT NULL, qty integer, code bigint NOT NULL);
