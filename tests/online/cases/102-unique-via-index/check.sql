SELECT count(*), count(DISTINCT email) FROM t;
