SELECT id, a, b, g FROM t ORDER BY id;
SELECT id, s FROM u ORDER BY id;
