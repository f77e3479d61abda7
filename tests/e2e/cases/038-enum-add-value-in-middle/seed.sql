INSERT INTO t VALUES (1, 'high'), (2, 'low');
