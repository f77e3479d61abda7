-- pgstage: renamed from customers
CREATE TABLE clients (
    id integer CONSTRAINT customers_pkey PRIMARY KEY,
    -- pgstage: renamed from fullname
    name text
);
-- pgstage: renamed from customers_id_seq
CREATE SEQUENCE clients_id_seq;
