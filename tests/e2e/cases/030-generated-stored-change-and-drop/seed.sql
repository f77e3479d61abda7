INSERT INTO t (id, a, b) VALUES (1, 3, 4), (2, 5, 6);
INSERT INTO u (id, s) VALUES (1, 'abc');
