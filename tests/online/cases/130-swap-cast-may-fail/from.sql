CREATE TABLE t (id integer PRIMARY KEY, note varchar(20), code text NOT NULL);
CREATE INDEX t_code ON t (code);
