SELECT id, n, s, pg_typeof(id), pg_typeof(n), pg_typeof(s) FROM t ORDER BY id;
