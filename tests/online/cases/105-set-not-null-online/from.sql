CREATE TABLE t (id bigint PRIMARY KEY, a integer, "Mixed Case" text);
