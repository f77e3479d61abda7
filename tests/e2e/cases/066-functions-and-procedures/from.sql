CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
CREATE FUNCTION gone() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
