CREATE SCHEMA app;
CREATE TABLE app.t (id integer NOT NULL, v text);
