SELECT name, n FROM t ORDER BY n;
