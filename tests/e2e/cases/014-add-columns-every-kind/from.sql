CREATE TYPE color AS ENUM ('red', 'green');
CREATE TABLE wide (id integer NOT NULL);
