CREATE TYPE status AS ENUM ('new', 'open');
CREATE TABLE t (id integer NOT NULL, s status);
