CREATE TABLE t (id integer PRIMARY KEY, email text);
INSERT INTO t VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, NULL), (5, NULL);
