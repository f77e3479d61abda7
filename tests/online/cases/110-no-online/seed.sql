INSERT INTO t SELECT g, g, 'b' || g FROM generate_series(1, 1000) g;
