CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE empty_enum AS ENUM ();
CREATE TABLE t (id integer NOT NULL, m mood NOT NULL DEFAULT 'ok', ms mood[]);
