CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := NEW.n + 1; RETURN NEW; END $$;
CREATE TRIGGER t_bump BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION bump();
CREATE FUNCTION label(x integer) RETURNS text LANGUAGE sql AS $$ SELECT 'n' || x $$;
CREATE VIEW labelled AS SELECT id, label(n) AS l FROM t;
