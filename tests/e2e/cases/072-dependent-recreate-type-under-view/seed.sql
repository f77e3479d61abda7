INSERT INTO metric VALUES (1, 5, 'a'), (2, 50, 'b'), (3, 500, 'c');
