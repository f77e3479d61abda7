CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (id integer PRIMARY KEY, m mood DEFAULT 'sad');
