CREATE TABLE main_t (id integer NOT NULL);
