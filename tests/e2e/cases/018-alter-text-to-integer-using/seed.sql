INSERT INTO t VALUES (1, '42', '9000000000'), (2, NULL, '-7'), (3, '0', '0');
