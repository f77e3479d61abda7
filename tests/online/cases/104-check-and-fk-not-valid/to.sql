CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent ON DELETE CASCADE, qty integer CONSTRAINT qty_positive CHECK (qty > 0));
