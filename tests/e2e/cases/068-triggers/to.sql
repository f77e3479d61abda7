CREATE TABLE item (id integer PRIMARY KEY, name text, updated timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := clock_timestamp(); RETURN NEW; END $$;
CREATE TRIGGER item_touch BEFORE INSERT OR UPDATE OF name ON item FOR EACH ROW WHEN (NEW.name IS NOT NULL) EXECUTE FUNCTION touch();
CREATE TRIGGER "Item Audit" AFTER DELETE ON item FOR EACH STATEMENT EXECUTE FUNCTION touch();
COMMENT ON TRIGGER item_touch ON item IS 'keeps updated fresh';
