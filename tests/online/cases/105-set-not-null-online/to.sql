CREATE TABLE t (id bigint PRIMARY KEY, a integer NOT NULL, "Mixed Case" text NOT NULL);
