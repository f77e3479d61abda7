INSERT INTO t SELECT g, 'n' || g, (g * 3)::text FROM generate_series(1, 500) g;
