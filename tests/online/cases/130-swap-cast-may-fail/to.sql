CREATE TABLE t (id integer PRIMARY KEY, note varchar(20), code integer NOT NULL);
CREATE INDEX t_code ON t (code);
