SELECT id, k FROM t;
