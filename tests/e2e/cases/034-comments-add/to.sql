CREATE SCHEMA app;
CREATE TABLE app.t (id integer NOT NULL, v text);
COMMENT ON TABLE app.t IS 'The main table';
COMMENT ON COLUMN app.t.id IS 'Primary identifier';
COMMENT ON COLUMN app.t.v IS 'It''s a value; with "quotes" and a newline
here';
