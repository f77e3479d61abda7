CREATE TABLE t (id bigint PRIMARY KEY, email text, code integer);
