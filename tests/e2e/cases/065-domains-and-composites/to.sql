CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE DOMAIN email AS text COLLATE "C" DEFAULT 'nobody@example.com' NOT NULL CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
CREATE TYPE pair AS (a integer, b text);
CREATE TYPE address AS (street text, zip varchar(10));
CREATE TABLE person (id integer PRIMARY KEY, contact email, home address, n posint);
COMMENT ON DOMAIN email IS 'an address';
COMMENT ON TYPE address IS 'postal';
