CREATE TABLE t (id bigint PRIMARY KEY, name text, n integer NOT NULL DEFAULT 0);
CREATE INDEX t_n ON t (n);
COMMENT ON COLUMN t.n IS 'counter';
