SELECT id, amount, ratio FROM t ORDER BY id;
