CREATE TABLE t (id integer PRIMARY KEY, v text);
CREATE TABLE u (a integer NOT NULL, b integer NOT NULL, CONSTRAINT u_pk PRIMARY KEY (a, b));
