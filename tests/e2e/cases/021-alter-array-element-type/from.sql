CREATE TABLE t (id integer NOT NULL, xs integer[], names varchar(5)[]);
