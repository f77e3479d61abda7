INSERT INTO sale VALUES (1, 50, 'eu'), (2, 5000, 'us');
