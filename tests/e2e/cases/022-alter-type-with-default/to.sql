CREATE TABLE t (id integer NOT NULL, n bigint NOT NULL DEFAULT 0, label text DEFAULT 'x');
