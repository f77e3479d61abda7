CREATE SCHEMA "Coll Schema";
CREATE COLLATION "Coll Schema"."Numeric Ö" (provider = icu, locale = 'en-u-kn-true');
CREATE COLLATION posix FROM "POSIX";
CREATE COLLATION IF NOT EXISTS posix FROM "C";
COMMENT ON COLLATION posix IS 'it''s new''); DROP TABLE t; --';
-- definition changed, unused: dropped and created
CREATE COLLATION "it's" (provider = icu, locale = 'fr', deterministic = false);
COMMENT ON COLLATION "it's" IS 'Ünïcode';
CREATE COLLATION "Coll Schema".split_pair (lc_collate = 'C', lc_ctype = 'POSIX');
SET search_path = "Coll Schema";
CREATE COLLATION copy_of_pair FROM split_pair;
SET search_path = public;
CREATE COLLATION ucs_copy FROM ucs_basic;
CREATE COLLATION "Up" FROM "und-x-icu";

CREATE TABLE t (
    id integer PRIMARY KEY,
    a text COLLATE "Coll Schema"."Numeric Ö",
    b text COLLATE "Coll Schema".copy_of_pair,
    c text COLLATE "Up"
);
CREATE INDEX t_c_idx ON t (c COLLATE "it's");
