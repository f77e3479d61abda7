SELECT id, a, b, c, d FROM t ORDER BY id;
