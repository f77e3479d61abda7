CREATE SCHEMA "table";
CREATE TABLE "table"."user" ("order" integer NOT NULL, "select" text);
CREATE TABLE "group" ("from" integer, "to" integer);
