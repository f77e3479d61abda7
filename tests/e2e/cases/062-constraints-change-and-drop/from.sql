CREATE TABLE p (id integer PRIMARY KEY, k integer UNIQUE);
CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p, q integer CHECK (q > 0), r integer CONSTRAINT r_small CHECK (r < 10));
