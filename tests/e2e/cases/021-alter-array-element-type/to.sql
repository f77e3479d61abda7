CREATE TABLE t (id integer NOT NULL, xs bigint[], names text[]);
