SELECT id, y, z FROM a ORDER BY id;
