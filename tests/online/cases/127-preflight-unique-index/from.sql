CREATE TABLE t (id integer PRIMARY KEY, email text, org integer);
INSERT INTO t VALUES (1, 'a', 1), (2, 'A', 1), (3, 'b', 1), (4, NULL, 1), (5, NULL, 1), (6, 'a', 2);
