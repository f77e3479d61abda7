CREATE TABLE t (id integer NOT NULL);
CREATE TABLE u (id integer NOT NULL,, v text);
