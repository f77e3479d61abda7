CREATE TYPE status AS ENUM ('new', 'done');
CREATE TABLE item (
    id integer PRIMARY KEY,
    name text NOT NULL,
    status status NOT NULL DEFAULT 'new',
    price numeric(10,2)
);
COMMENT ON TABLE item IS 'items';
