CREATE TABLE t (
    id integer NOT NULL,
    code text DEFAULT make_code(8)
);
