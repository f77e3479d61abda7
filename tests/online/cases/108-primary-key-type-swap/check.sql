SELECT count(*), sum(id) FROM t;
