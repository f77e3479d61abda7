CREATE TABLE x (id integer NOT NULL);
CREATE TABLE "t'); DROP TABLE x; --" ("c'); DROP TABLE x; --" text);
