SELECT id, "Rôle's", owner_name FROM "Acct" ORDER BY id;
SELECT nextval(pg_get_serial_sequence('"Acct"', 'id'));
