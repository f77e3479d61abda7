SELECT id, code, opt FROM t ORDER BY id;
