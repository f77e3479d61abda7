CREATE TABLE t (id integer NOT NULL, a integer DEFAULT 2, b text DEFAULT 'it''s', c boolean DEFAULT true, d numeric DEFAULT (2 * 3));
