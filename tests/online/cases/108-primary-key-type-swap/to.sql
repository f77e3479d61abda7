CREATE TABLE t (name text, id bigint PRIMARY KEY);
