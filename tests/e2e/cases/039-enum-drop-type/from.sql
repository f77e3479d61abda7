CREATE TYPE old_kind AS ENUM ('a', 'b');
CREATE TYPE keep_kind AS ENUM ('x');
CREATE TABLE t (id integer NOT NULL, k keep_kind);
