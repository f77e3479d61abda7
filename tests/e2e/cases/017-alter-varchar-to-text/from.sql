CREATE TABLE t (id integer NOT NULL, name varchar(30), tag varchar DEFAULT 'none');
