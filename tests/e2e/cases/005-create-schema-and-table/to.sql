CREATE SCHEMA billing;
CREATE TABLE billing.invoice (
    id integer NOT NULL,
    total numeric(12,2) NOT NULL DEFAULT 0
);
