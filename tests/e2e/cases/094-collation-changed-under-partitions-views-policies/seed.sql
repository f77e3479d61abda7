INSERT INTO events VALUES (1, 't10', '2024-03-01'), (2, 't9', '2024-04-01'), (3, 't1', '2024-05-01');
INSERT INTO notes VALUES (1, 'n10'), (2, 'n9'), (3, '''); DROP TABLE notes; --');
