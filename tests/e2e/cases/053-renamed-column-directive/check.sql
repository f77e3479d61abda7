SELECT id, email, full_name FROM person ORDER BY id;
