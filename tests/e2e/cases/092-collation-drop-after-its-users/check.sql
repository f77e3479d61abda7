SELECT string_agg(id || '=' || keep, ' | ' ORDER BY id) FROM kept;
SELECT string_agg(fi_name, ',' ORDER BY fi_name) FROM kept;
INSERT INTO kept (id, label) VALUES (3, 'Abc');
SELECT count(*) FROM kept WHERE label = 'aBC';
