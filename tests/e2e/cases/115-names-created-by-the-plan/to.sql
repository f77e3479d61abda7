-- every name below resolves only among what the plan creates, or in a
-- column the plan keeps until its contract phase: no static-check refusal
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('ok', 'meh');
CREATE DOMAIN app.code AS text CHECK (VALUE <> '');
CREATE FUNCTION app.make_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT md5(random()::text) $$;
CREATE TABLE t (
    id integer NOT NULL,
    mood app.mood[],
    code app.code DEFAULT app.make_code(),
    -- pgstage: backfill coalesce(legacy, 'none') || (SELECT count(*) FROM pg_class WHERE relname = 'x')::text
    note text NOT NULL,
    -- pgstage: backfill legacy || lower('A')
    note2 text
);
