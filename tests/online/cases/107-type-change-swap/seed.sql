INSERT INTO t SELECT g, 'n' || g, g * 7 FROM generate_series(1, 3000) g;
