SELECT id, "Moved down", a1 FROM "Child ü" ORDER BY id;
SELECT id, b FROM other_child ORDER BY id;
SELECT id, note FROM ONLY "Base" ORDER BY id;
SELECT id, "up'col", x FROM c2 ORDER BY id;
SELECT id, "up'col" FROM p2 ORDER BY id;
