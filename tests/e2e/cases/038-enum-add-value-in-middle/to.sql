CREATE TYPE level AS ENUM ('lowest', 'low', 'medium', 'high', 'highest');
CREATE TABLE t (id integer NOT NULL, l level);
