INSERT INTO t VALUES (1, 'happy', 'a'), (2, 'meh', 'b'), (3, 'Sad', NULL);
