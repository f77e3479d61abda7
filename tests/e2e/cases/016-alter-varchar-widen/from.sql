CREATE TABLE t (id integer NOT NULL, code varchar(10) NOT NULL, opt varchar(5) DEFAULT 'x');
