INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 2000) g;
