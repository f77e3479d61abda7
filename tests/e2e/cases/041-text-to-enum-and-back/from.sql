CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE t (id integer NOT NULL, m text, e mood);
