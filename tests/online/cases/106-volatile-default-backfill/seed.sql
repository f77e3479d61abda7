INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 2500) g;
