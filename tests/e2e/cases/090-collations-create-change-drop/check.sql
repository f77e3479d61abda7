SELECT string_agg(a, ',' ORDER BY a) FROM t;
