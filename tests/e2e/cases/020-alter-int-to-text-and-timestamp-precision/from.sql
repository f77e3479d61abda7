CREATE TABLE t (id integer NOT NULL, ref integer, at timestamp(6), span interval);
