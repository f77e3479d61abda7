SELECT id, qty, code, pg_typeof(qty), pg_typeof(code) FROM t ORDER BY id;
