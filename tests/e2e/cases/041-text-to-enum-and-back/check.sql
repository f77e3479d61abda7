SELECT id, m, pg_typeof(m), e, pg_typeof(e) FROM t ORDER BY id;
