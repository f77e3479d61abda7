SELECT id, "Ident", "Name", qty, total, "Note é" FROM "Sch"."Order's ü" ORDER BY id;
SELECT * FROM "Sch".line ORDER BY id;
SELECT count(*) FROM "Sch"."Order view";
SELECT pg_get_serial_sequence('"Sch"."Order''s ü"', 'id'), pg_get_serial_sequence('"Sch"."Order''s ü"', 'Ident');
INSERT INTO "Sch"."Order's ü" ("Name", qty) VALUES ('new', 5) RETURNING id, "Ident", total;
SELECT id, "Up col", x FROM "Sch"."C3" ORDER BY id;
SELECT id, "Up col" FROM "Sch".p3 ORDER BY id;
SELECT relname FROM pg_class WHERE relname LIKE '%pgstage%';
