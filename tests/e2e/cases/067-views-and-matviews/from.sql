CREATE TABLE sale (id integer PRIMARY KEY, amount numeric, region text);
CREATE VIEW big_sale AS SELECT id, amount FROM sale WHERE amount > 100;
CREATE VIEW old_view AS SELECT 1 AS one;
