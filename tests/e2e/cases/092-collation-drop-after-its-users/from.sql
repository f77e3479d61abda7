CREATE COLLATION old_one (provider = icu, locale = 'sv');
CREATE COLLATION was_named (provider = icu, locale = 'fi');
CREATE DOMAIN fin AS text COLLATE was_named;
CREATE TABLE gone_table (x text COLLATE old_one);
CREATE TABLE kept (
    id integer PRIMARY KEY,
    legacy text COLLATE old_one,
    keep text,
    fi_name fin
);
CREATE INDEX kept_legacy_idx ON kept (legacy);
CREATE INDEX kept_fi_name_idx ON kept (fi_name COLLATE was_named DESC);
CREATE DOMAIN old_dom AS text COLLATE old_one;
