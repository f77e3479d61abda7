INSERT INTO "Sales Dept"."Deal ""Pipeline""" VALUES (1, '10.50', 'Won', 'ann'), (2, '7', DEFAULT, 'bob');
