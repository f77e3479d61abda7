CREATE TABLE t (name text, n serial);
CREATE TABLE s (id bigserial PRIMARY KEY, small smallserial, v text);
