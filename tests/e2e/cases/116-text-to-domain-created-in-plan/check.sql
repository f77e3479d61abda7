SELECT id, v, pg_typeof(v) FROM t ORDER BY id;
