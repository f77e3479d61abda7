SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM clients;
