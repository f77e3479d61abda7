CREATE TABLE t (id bigint PRIMARY KEY, a integer NOT NULL CHECK (a >= 0), b text UNIQUE);
