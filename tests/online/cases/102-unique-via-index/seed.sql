INSERT INTO t SELECT g, 'u' || g || '@x', g FROM generate_series(1, 2000) g;
