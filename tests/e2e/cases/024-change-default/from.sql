CREATE TABLE t (id integer NOT NULL, a integer DEFAULT 1, b text DEFAULT 'x', c boolean DEFAULT false, d numeric DEFAULT 1.5);
