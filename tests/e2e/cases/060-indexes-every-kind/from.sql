CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE doc (id bigint PRIMARY KEY, title text, body text, tags text[], score numeric, created timestamptz, geo point);
CREATE INDEX doc_title ON doc (title);
CREATE INDEX doc_old ON doc (score);
