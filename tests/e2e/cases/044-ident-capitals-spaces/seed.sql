INSERT INTO "My Schema"."Order Items" VALUES (1, 9.99), (2, 100.5);
