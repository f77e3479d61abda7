SELECT id, note, note2 FROM t ORDER BY id;
