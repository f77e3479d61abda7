SELECT id, k, v FROM t ORDER BY id, k;
