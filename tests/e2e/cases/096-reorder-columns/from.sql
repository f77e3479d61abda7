-- roles are cluster-wide: create them only when missing
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgs_e2e_ro') THEN
		CREATE ROLE pgs_e2e_ro;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'Pgs E2E Admin') THEN
		CREATE ROLE "Pgs E2E Admin";
	END IF;
END
$$;
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
-- not managed without --privileges: the rebuild carries them over
GRANT INSERT, UPDATE ON "Sch"."Order's ü" TO "Pgs E2E Admin" WITH GRANT OPTION;
GRANT SELECT ON "Sch"."Order's ü" TO pgs_e2e_ro;
CREATE TRIGGER "Touch it" BEFORE UPDATE ON "Sch"."Order's ü" FOR EACH ROW EXECUTE FUNCTION "Sch".touch();
-- a column moving up from the child to its parent: merged, then the child is
-- rebuilt so that the column is inherited only, as in to.sql
CREATE TABLE "Sch".p3 (id integer);
CREATE TABLE "Sch"."C3" ("Up col" text DEFAULT 'd', x integer) INHERITS ("Sch".p3);
