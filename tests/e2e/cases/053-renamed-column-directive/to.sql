CREATE TABLE person (
    id integer NOT NULL,
    email text,            -- pgstage: renamed from mail
    full_name varchar(100)
);
