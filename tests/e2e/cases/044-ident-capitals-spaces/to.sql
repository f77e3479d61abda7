CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."Order Items" ("Id" integer NOT NULL, "Unit Price" numeric(10,2) NOT NULL DEFAULT 0, "Line Note" text);
CREATE TABLE "My Schema"."CamelCase" ("ID" bigint PRIMARY KEY, "isActive" boolean DEFAULT true);
COMMENT ON TABLE "My Schema"."Order Items" IS 'Items of an "Order"';
COMMENT ON COLUMN "My Schema"."Order Items"."Unit Price" IS 'Price per unit';
