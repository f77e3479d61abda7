CREATE SCHEMA "Ünï";
CREATE COLLATION "Ünï"."Case ""Insensitive""" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION "Ünï"."Case ""Insensitive""" IS 'compares ''A'' = ''a''';
CREATE DOMAIN "Ünï".ci_text AS text COLLATE "Ünï"."Case ""Insensitive""";
CREATE TYPE "Ünï".pair AS (k text COLLATE "Ünï"."Case ""Insensitive""", v text);
-- renamed: the domain, the column and the index that use it follow by themselves
-- pgstage: renamed from was_named
CREATE COLLATION "Now Named" (provider = icu, locale = 'fi');
CREATE DOMAIN fin AS text COLLATE "Now Named";

CREATE TABLE kept (
    id integer PRIMARY KEY,
    keep text,
    fi_name fin,
    email "Ünï".ci_text,
    label text COLLATE "Ünï"."Case ""Insensitive"""
);
CREATE INDEX kept_fi_name_idx ON kept (fi_name COLLATE "Now Named" DESC);
CREATE UNIQUE INDEX kept_label_key ON kept (label);
