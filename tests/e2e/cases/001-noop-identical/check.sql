SELECT id, name, status, price FROM item ORDER BY id;
