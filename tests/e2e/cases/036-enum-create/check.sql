SELECT id, m, ms FROM t ORDER BY id;
