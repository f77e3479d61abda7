-- pgstage: renamed from customers
CREATE TABLE clients (
    id integer PRIMARY KEY,
    -- pgstage: renamed from fullname
    name text
);
