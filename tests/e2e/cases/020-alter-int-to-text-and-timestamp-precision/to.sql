CREATE TABLE t (id integer NOT NULL, ref text, at timestamp(0), span interval(0));
