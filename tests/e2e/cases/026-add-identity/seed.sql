INSERT INTO t VALUES (1, 'a'), (2, 'b');
INSERT INTO u VALUES (10, 'x');
