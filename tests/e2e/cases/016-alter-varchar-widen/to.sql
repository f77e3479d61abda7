CREATE TABLE t (id integer NOT NULL, code varchar(50) NOT NULL, opt varchar(8) DEFAULT 'x');
