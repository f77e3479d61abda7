CREATE SCHEMA "table";
CREATE TABLE "table"."user" ("order" bigint NOT NULL, "select" text DEFAULT 'all', "where" boolean);
CREATE TABLE "group" ("from" integer PRIMARY KEY, "to" integer NOT NULL);
CREATE TYPE "table"."check" AS ENUM ('select', 'from', 'where');
COMMENT ON COLUMN "group"."to" IS 'reserved';
