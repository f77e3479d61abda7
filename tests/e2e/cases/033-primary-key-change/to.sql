CREATE TABLE t (id integer NOT NULL, k integer NOT NULL, v text, CONSTRAINT t_pkey PRIMARY KEY (id, k));
