CREATE SCHEMA "Coll Schema";
CREATE COLLATION "Coll Schema"."Numeric Ö" (provider = icu, locale = 'en-u-kn-true');
CREATE COLLATION posix FROM "POSIX";
CREATE COLLATION gone (provider = libc, locale = 'C');
CREATE COLLATION "it's" (provider = icu, locale = 'de', deterministic = false);
COMMENT ON COLLATION posix IS 'old comment';
COMMENT ON COLLATION gone IS 'goes away';

CREATE TABLE t (
    id integer PRIMARY KEY,
    a text COLLATE "Coll Schema"."Numeric Ö"
);
