CREATE TABLE t (id integer NOT NULL, name text, tag text DEFAULT 'none');
