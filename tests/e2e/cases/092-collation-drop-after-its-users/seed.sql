INSERT INTO gone_table VALUES ('x');
INSERT INTO kept VALUES (1, 'ä', 'first', 'vää'), (2, 'z', 'It''s ''); DROP TABLE kept; --', 'vaa');
