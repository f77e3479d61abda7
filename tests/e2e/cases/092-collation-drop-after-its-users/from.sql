CREATE COLLATION old_one (provider = icu, locale = 'sv');
CREATE TABLE gone_table (x text COLLATE old_one);
CREATE TABLE kept (
    id integer PRIMARY KEY,
    legacy text COLLATE old_one,
    keep text
);
CREATE INDEX kept_legacy_idx ON kept (legacy);
CREATE DOMAIN old_dom AS text COLLATE old_one;
