INSERT INTO item VALUES (1, 'a', 'done', 1.50), (2, 'b', DEFAULT, NULL);
