CREATE TABLE num_text (
    c_smallint smallint,
    c_integer integer,
    c_bigint bigint,
    c_real real,
    c_double double precision,
    c_numeric numeric,
    c_numeric_p numeric(10),
    c_numeric_ps numeric(12,4),
    c_boolean boolean,
    c_text text,
    c_varchar varchar,
    c_varchar_n varchar(40),
    c_char char,
    c_char_n char(3),
    c_name name,
    c_money money
);
