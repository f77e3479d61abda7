CREATE TABLE t (id bigint NOT NULL, n bigint DEFAULT 0, s integer);
