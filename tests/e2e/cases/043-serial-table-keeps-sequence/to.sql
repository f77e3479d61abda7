CREATE TABLE t (id serial PRIMARY KEY, v varchar(100), extra text);
