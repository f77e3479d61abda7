INSERT INTO t VALUES (1, 'x10'), (2, 'x9'), (3, 'x1');
