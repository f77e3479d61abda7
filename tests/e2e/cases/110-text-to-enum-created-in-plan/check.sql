SELECT id, m, pg_typeof(m), tags FROM t ORDER BY id;
