CREATE TABLE person (id integer NOT NULL, mail text, full_name varchar(50));
