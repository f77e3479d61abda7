CREATE TABLE t (id bigint PRIMARY KEY, a varchar(50), b numeric(12,2), c text, d timestamp(6));
