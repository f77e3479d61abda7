CREATE TABLE t (id bigint PRIMARY KEY, email text UNIQUE, code integer, CONSTRAINT "Code Key" UNIQUE NULLS NOT DISTINCT (code));
