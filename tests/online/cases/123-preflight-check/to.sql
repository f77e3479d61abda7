CREATE TABLE t (id integer PRIMARY KEY, qty integer CONSTRAINT qty_positive CHECK (qty > 0));
