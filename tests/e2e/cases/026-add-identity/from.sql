CREATE TABLE t (id integer NOT NULL, v text);
CREATE TABLE u (id bigint NOT NULL, v text);
