CREATE TABLE customers (id integer PRIMARY KEY, fullname text);
CREATE SEQUENCE customers_id_seq;
