INSERT INTO t VALUES (1, 'happy', 'a'), (2, NULL, 'b'), (3, 'sad', NULL), (4, 'it''s complicated', 'c');
