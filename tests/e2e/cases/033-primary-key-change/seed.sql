INSERT INTO t VALUES (1, 1, 'a'), (2, 1, 'b');
