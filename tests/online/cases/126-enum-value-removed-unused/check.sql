SELECT string_agg(m::text, ',' ORDER BY id) FROM t;
