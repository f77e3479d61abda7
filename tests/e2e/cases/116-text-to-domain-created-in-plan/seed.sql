INSERT INTO t VALUES (1, '12'), (2, NULL), (3, '0');
