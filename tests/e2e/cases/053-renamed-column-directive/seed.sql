INSERT INTO person VALUES (1, 'a@example.org', 'Ann'), (2, NULL, 'Bob');
