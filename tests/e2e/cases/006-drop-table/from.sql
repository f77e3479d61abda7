CREATE TABLE keep (id integer NOT NULL, v text);
CREATE TABLE gone (id integer NOT NULL);
