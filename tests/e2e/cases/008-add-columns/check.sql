SELECT id, note IS NULL, qty, label FROM t ORDER BY id;
