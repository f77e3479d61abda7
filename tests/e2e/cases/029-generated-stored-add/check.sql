SELECT id, a, b, total FROM t ORDER BY id;
