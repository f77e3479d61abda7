INSERT INTO t SELECT g, g % 100, 'v' || g FROM generate_series(1, 3000) g;
