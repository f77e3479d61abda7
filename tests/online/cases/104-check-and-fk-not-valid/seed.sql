INSERT INTO parent SELECT g FROM generate_series(1, 100) g;
INSERT INTO child SELECT g, g % 100 + 1, g FROM generate_series(1, 2000) g;
