CREATE TABLE keep (id integer NOT NULL, v text);
