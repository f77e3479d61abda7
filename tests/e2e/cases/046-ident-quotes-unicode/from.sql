CREATE TABLE "we""ird" ("col""umn" integer NOT NULL);
CREATE SCHEMA "schéma_ñ";
