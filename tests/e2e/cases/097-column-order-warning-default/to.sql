-- "Label ü" goes between id and price: without --reorder-columns pgstage
-- appends it and warns (expect-warning, expect-schema-diff).
CREATE TABLE "Items" (id integer PRIMARY KEY, "Label ü" text DEFAULT 'it''s', price numeric);
