INSERT INTO t VALUES (1, 'x', 10, true), (2, 'y', 20, false);
