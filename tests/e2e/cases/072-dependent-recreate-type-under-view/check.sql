SELECT string_agg(id::text, ',' ORDER BY id) FROM very_high;
SELECT sum(value) FROM metric;
