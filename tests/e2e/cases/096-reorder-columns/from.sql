CREATE SCHEMA "Sch";
CREATE FUNCTION "Sch".touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TABLE "Sch"."Order's ü" (
    id serial PRIMARY KEY,
    "Ident" bigint GENERATED ALWAYS AS IDENTITY (START WITH 100),
    "Name" text COLLATE "C" NOT NULL DEFAULT 'x''); DROP TABLE x; --',
    qty integer CONSTRAINT "qty ok" CHECK (qty >= 0),
    total integer GENERATED ALWAYS AS (qty * 2) STORED
);
CREATE INDEX "Order's name ix" ON "Sch"."Order's ü" ("Name");
COMMENT ON TABLE "Sch"."Order's ü" IS 'orders ''quoted''';
COMMENT ON COLUMN "Sch"."Order's ü"."Name" IS 'the name';
CREATE TABLE "Sch".line (id integer PRIMARY KEY, order_id integer CONSTRAINT "Line order fk" REFERENCES "Sch"."Order's ü" (id));
CREATE VIEW "Sch"."Order view" AS SELECT id, "Name", qty FROM "Sch"."Order's ü";
ALTER TABLE "Sch"."Order's ü" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "own rows" ON "Sch"."Order's ü" USING (qty > 0);
CREATE TRIGGER "Touch it" BEFORE UPDATE ON "Sch"."Order's ü" FOR EACH ROW EXECUTE FUNCTION "Sch".touch();
