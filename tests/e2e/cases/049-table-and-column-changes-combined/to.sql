CREATE TABLE a (id bigint NOT NULL, y integer DEFAULT 2, z jsonb DEFAULT '[]'::jsonb NOT NULL);
CREATE TABLE c (id integer PRIMARY KEY, a_ids bigint[]);
COMMENT ON TABLE c IS 'new';
