SELECT count(*) FROM t;
SELECT indexname FROM pg_indexes WHERE tablename = 't' ORDER BY 1;
