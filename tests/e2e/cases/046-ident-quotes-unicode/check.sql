SELECT "col""umn", "ünïcödé" FROM "we""ird" ORDER BY 1;
