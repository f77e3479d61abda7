CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."Order Items" ("Id" integer NOT NULL, "Unit Price" numeric(8,2));
