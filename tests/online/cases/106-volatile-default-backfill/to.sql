CREATE TABLE t (id bigint PRIMARY KEY, name text, token uuid DEFAULT gen_random_uuid() NOT NULL, created timestamptz DEFAULT now() NOT NULL);
