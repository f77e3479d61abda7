CREATE TABLE t (id serial PRIMARY KEY, v varchar(10));
