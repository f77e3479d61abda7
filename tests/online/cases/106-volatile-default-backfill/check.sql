SELECT count(*), count(DISTINCT token), count(*) FILTER (WHERE token IS NULL) FROM t;
