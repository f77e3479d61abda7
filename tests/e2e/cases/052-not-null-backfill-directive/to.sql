CREATE TABLE t (
    id integer NOT NULL,
    -- pgstage: backfill 'user ' || id
    name text NOT NULL
);
