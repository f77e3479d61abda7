INSERT INTO t VALUES (1, 'abcdefghij', 'short'), (2, 'k', DEFAULT);
