INSERT INTO t SELECT g, 'u' || g FROM generate_series(1, 100) g;
-- what a failed CREATE UNIQUE INDEX CONCURRENTLY leaves behind
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 't_email'::regclass;
