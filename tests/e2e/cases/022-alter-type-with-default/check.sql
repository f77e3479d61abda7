SELECT id, n, label FROM t ORDER BY id;
