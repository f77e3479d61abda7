CREATE TABLE t (id integer NOT NULL, a text, b text);
COMMENT ON TABLE t IS 'new table comment';
COMMENT ON COLUMN t.a IS 'new a';
