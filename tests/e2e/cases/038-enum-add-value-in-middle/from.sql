CREATE TYPE level AS ENUM ('low', 'high');
CREATE TABLE t (id integer NOT NULL, l level);
