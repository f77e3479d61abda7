INSERT INTO doc SELECT g, 't' || g, 'body ' || g, ARRAY['a', 'b'], g, now(), point(g, g) FROM generate_series(1, 500) g;
