INSERT INTO "Sch"."Order's ü" ("Name", qty) VALUES ('a', 1), ('b''); DROP TABLE x; --', 2), (DEFAULT, 3), ('gone', 4);
DELETE FROM "Sch"."Order's ü" WHERE "Name" = 'gone';
INSERT INTO "Sch".line VALUES (1, 1), (2, 2);
