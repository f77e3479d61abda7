CREATE TABLE t (id integer NOT NULL, amount numeric(8,2), ratio numeric);
