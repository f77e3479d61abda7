INSERT INTO "table"."user" VALUES (1, 'x');
INSERT INTO "group" VALUES (1, 2);
