INSERT INTO t SELECT 'n' || g, g FROM generate_series(1, 3000) g;
