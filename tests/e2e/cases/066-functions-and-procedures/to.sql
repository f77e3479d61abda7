CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a + b + 0 $$;
CREATE FUNCTION add(a text, b text DEFAULT 'x') RETURNS text LANGUAGE sql STABLE AS $$ SELECT a || b $$;
CREATE FUNCTION "Weird Name"(n integer) RETURNS TABLE(x integer, y text) LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $body$
BEGIN
    RETURN QUERY SELECT n, 'it''s';
END
$body$;
CREATE PROCEDURE reset_all(flag boolean) LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END $$;
COMMENT ON FUNCTION add(integer, integer) IS 'sum';
