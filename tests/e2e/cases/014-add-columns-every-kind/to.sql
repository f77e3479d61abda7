CREATE TYPE color AS ENUM ('red', 'green');
CREATE TABLE wide (
    id integer NOT NULL,
    a numeric(10,2) DEFAULT 0.5,
    b varchar(12),
    c timestamp(3),
    d timestamptz(0) DEFAULT now(),
    e interval,
    f jsonb DEFAULT '{}'::jsonb,
    g uuid,
    h bytea,
    i text[] DEFAULT '{}',
    j integer[],
    k color DEFAULT 'green',
    l color[],
    m boolean NOT NULL DEFAULT false,
    n double precision,
    o char(2)
);
