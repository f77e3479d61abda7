CREATE TABLE arrays (
    c_int_arr integer[],
    c_text_arr text[],
    c_text_2d text[][],
    c_varchar_arr varchar(10)[],
    c_numeric_arr numeric(8,3)[],
    c_ts_arr timestamp(0)[],
    c_uuid_arr uuid[],
    c_jsonb_arr jsonb[],
    c_bool_arr boolean ARRAY,
    c_int_arr3 integer[3]
);
