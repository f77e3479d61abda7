SELECT id, a, b IS NULL, f, i, k, m FROM wide ORDER BY id;
