CREATE TABLE t (id integer PRIMARY KEY, email text);
CREATE UNIQUE INDEX t_email ON t (email);
CREATE INDEX t_id_email ON t (id, email);
