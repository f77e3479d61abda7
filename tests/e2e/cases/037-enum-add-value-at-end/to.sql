CREATE TYPE status AS ENUM ('new', 'open', 'closed', 'archived');
CREATE TABLE t (id integer NOT NULL, s status);
