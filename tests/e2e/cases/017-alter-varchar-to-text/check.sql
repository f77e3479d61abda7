SELECT id, name, tag FROM t ORDER BY id;
