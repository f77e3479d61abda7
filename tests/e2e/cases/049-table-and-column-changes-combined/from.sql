CREATE TABLE a (id integer NOT NULL, x text, y integer DEFAULT 1);
CREATE TABLE b (id integer NOT NULL);
