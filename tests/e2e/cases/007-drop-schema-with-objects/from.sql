CREATE SCHEMA legacy;
CREATE TYPE legacy.kind AS ENUM ('a', 'b');
CREATE TABLE legacy.thing (id integer NOT NULL, k legacy.kind);
CREATE TABLE main_t (id integer NOT NULL);
