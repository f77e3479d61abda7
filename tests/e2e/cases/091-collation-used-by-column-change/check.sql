SELECT string_agg(code, ',' ORDER BY code) FROM items;
SELECT string_agg(name, ',' ORDER BY name) FROM items WHERE id < 4;
SELECT name FROM items WHERE id = 4;
SELECT count(*) FROM item_codes;
