CREATE TABLE "we""ird" ("col""umn" bigint NOT NULL, "ünïcödé" text DEFAULT 'ça va', "表" integer);
CREATE SCHEMA "schéma_ñ";
CREATE TYPE "schéma_ñ"."émotion" AS ENUM ('heureux', 'très "triste"', 'ça', '😀');
CREATE TABLE "schéma_ñ"."tábla 😀" ("ñ" "schéma_ñ"."émotion" DEFAULT 'ça', "x""y" text);
COMMENT ON TABLE "we""ird" IS 'naïve "quoted" comment — ok';
COMMENT ON COLUMN "schéma_ñ"."tábla 😀"."x""y" IS '表 comment';
