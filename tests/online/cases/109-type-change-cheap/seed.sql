INSERT INTO t SELECT g, 'a' || g, g / 3.0, 'c', now() FROM generate_series(1, 1000) g;
