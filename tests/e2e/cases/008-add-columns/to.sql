CREATE TABLE t (
    id integer NOT NULL,
    note text,
    qty integer NOT NULL DEFAULT 0,
    label varchar(20) DEFAULT 'none'
);
