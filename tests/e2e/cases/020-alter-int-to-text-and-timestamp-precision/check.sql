SELECT id, ref, pg_typeof(ref), at, span FROM t ORDER BY id;
