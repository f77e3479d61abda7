CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE t (id integer PRIMARY KEY, m mood DEFAULT 'sad');
