INSERT INTO "Child ü" (id, "Moved down", a1) VALUES (1, 5, 10), (2, 6, 20);
INSERT INTO other_child (id, "Moved down", b) VALUES (3, 9, 'x');
INSERT INTO "Base" (id, "Moved down", note) VALUES (4, 1, 'base row');
INSERT INTO c2 (id, "up'col", x) VALUES (5, 'q''); DROP TABLE x; --', 1);
