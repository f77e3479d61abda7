CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
