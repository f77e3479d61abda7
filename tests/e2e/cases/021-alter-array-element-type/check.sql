SELECT id, xs, names FROM t ORDER BY id;
