CREATE TABLE t (id integer NOT NULL, n integer NOT NULL DEFAULT 0, label varchar(10) DEFAULT 'x');
