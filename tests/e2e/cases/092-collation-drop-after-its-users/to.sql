CREATE SCHEMA "Ünï";
CREATE COLLATION "Ünï"."Case ""Insensitive""" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION "Ünï"."Case ""Insensitive""" IS 'compares ''A'' = ''a''';
CREATE DOMAIN "Ünï".ci_text AS text COLLATE "Ünï"."Case ""Insensitive""";
CREATE TYPE "Ünï".pair AS (k text COLLATE "Ünï"."Case ""Insensitive""", v text);

CREATE TABLE kept (
    id integer PRIMARY KEY,
    keep text,
    email "Ünï".ci_text,
    label text COLLATE "Ünï"."Case ""Insensitive"""
);
CREATE UNIQUE INDEX kept_label_key ON kept (label);
