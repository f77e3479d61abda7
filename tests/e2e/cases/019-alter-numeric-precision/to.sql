CREATE TABLE t (id integer NOT NULL, amount numeric(14,4), ratio numeric(10,3));
