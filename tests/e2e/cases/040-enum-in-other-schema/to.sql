CREATE SCHEMA types;
CREATE SCHEMA data;
CREATE TYPE types.shade AS ENUM ('light', 'dark');
CREATE TABLE data.palette (id integer NOT NULL, s types.shade DEFAULT 'dark'::types.shade);
CREATE TABLE t (id integer NOT NULL, s types.shade);
