INSERT INTO t VALUES (1, '{1,2,3}', '{ab,cd}'), (2, '{}', NULL);
