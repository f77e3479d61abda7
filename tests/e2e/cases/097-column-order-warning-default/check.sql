SELECT id, "Label ü", price FROM "Items" ORDER BY id;
