CREATE COLLATION "Sort'Me" (provider = icu, locale = 'en-u-kn-true');
CREATE COLLATION posix FROM "POSIX";

CREATE TABLE items (
    id integer PRIMARY KEY,
    name text COLLATE posix,
    code text COLLATE "Sort'Me" NOT NULL
);
CREATE INDEX items_code_idx ON items (code);
CREATE INDEX items_name_sorted ON items (name COLLATE "Sort'Me");
CREATE UNIQUE INDEX items_name_lower ON items ((lower(name) COLLATE "Sort'Me"));
CREATE VIEW item_codes AS SELECT id, code FROM items;
