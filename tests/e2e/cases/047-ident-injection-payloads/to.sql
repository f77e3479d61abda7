CREATE TABLE x (id integer NOT NULL);
CREATE SCHEMA "s'); DROP TABLE x; --";
CREATE TYPE "s'); DROP TABLE x; --"."e'); DROP TABLE x; --" AS ENUM ('''); DROP TABLE x; --', 'a"; DROP TABLE x; --');
CREATE TABLE "s'); DROP TABLE x; --"."t'); DROP TABLE x; --" (
    "c'); DROP TABLE x; --" "s'); DROP TABLE x; --"."e'); DROP TABLE x; --" DEFAULT '''); DROP TABLE x; --',
    "d"")); DROP TABLE x; --" text DEFAULT '''); DROP TABLE x; --'
);
CREATE TABLE "t'); DROP TABLE x; --" ("c'); DROP TABLE x; --" text, "n'); DROP TABLE x; --" integer);
COMMENT ON TABLE "t'); DROP TABLE x; --" IS '''); DROP TABLE x; --';
COMMENT ON COLUMN "t'); DROP TABLE x; --"."c'); DROP TABLE x; --" IS 'x''; DROP TABLE x; --';
COMMENT ON SCHEMA "s'); DROP TABLE x; --" IS '$$; DROP TABLE x; --';
