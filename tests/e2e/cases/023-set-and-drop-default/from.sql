CREATE TABLE t (id integer NOT NULL, a integer, b text DEFAULT 'old', c timestamptz);
