SELECT count(*), sum(code), pg_typeof(min(code)) FROM t;
SELECT count(*) FROM pg_proc WHERE proname LIKE '%pgstage%';
