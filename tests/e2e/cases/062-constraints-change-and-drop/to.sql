CREATE TABLE p (id integer PRIMARY KEY, k integer UNIQUE);
CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p ON DELETE SET NULL, q integer CHECK (q >= 0), r integer);
