INSERT INTO items VALUES (1, 'n10', 'a10'), (2, 'n9', 'a9'), (3, 'n2', 'a2'), (4, 'Ö''); DROP TABLE items; --', 'ü');
