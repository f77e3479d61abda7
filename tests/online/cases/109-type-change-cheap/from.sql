CREATE TABLE t (id bigint PRIMARY KEY, a varchar(10), b numeric(10,2), c varchar(20), d timestamp(3));
