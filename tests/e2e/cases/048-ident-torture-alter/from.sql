CREATE SCHEMA "Sales Dept";
CREATE TYPE "Sales Dept"."Stage" AS ENUM ('Lead', 'Won');
CREATE TABLE "Sales Dept"."Deal ""Pipeline""" (
    "Deal ID" integer NOT NULL,
    "Amount (€)" varchar(10),
    "Stage" "Sales Dept"."Stage" DEFAULT 'Lead',
    "user" text NOT NULL
);
