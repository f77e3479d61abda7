INSERT INTO t VALUES (1, 'Ada Lovelace', 'a'), (2, NULL, DEFAULT);
