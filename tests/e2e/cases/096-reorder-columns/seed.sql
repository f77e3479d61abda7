INSERT INTO "Sch"."Order's ü" ("Name", qty) VALUES ('a', 1), ('b''); DROP TABLE x; --', 2), (DEFAULT, 3), ('gone', 4);
DELETE FROM "Sch"."Order's ü" WHERE "Name" = 'gone';
INSERT INTO "Sch".line VALUES (1, 1), (2, 2);
INSERT INTO "Sch"."C3" VALUES (1, 'up''s', 10), (2, NULL, 20);
INSERT INTO "Sch".p3 VALUES (3);
