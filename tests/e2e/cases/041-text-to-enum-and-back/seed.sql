INSERT INTO t VALUES (1, 'happy', 'sad'), (2, NULL, 'happy');
