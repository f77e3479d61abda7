SELECT count(*), sum(b) FROM t;
