CREATE TABLE t (
    id integer NOT NULL,
    name text,
    -- pgstage: backfill lower(nmae)
    login text NOT NULL
);
