CREATE TABLE t (id integer NOT NULL, a integer DEFAULT 42, b text, c timestamptz DEFAULT now());
