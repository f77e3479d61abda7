CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE room (id integer PRIMARY KEY, name text UNIQUE NULLS NOT DISTINCT);
CREATE TABLE booking (
    id integer PRIMARY KEY,
    room_id integer REFERENCES room (id) ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
    during tsrange,
    guests integer CONSTRAINT "Guests Positive" CHECK (guests > 0 AND guests < 100) NO INHERIT,
    code text,
    alt text,
    CONSTRAINT booking_code_alt UNIQUE (code, alt),
    CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
COMMENT ON CONSTRAINT no_overlap ON booking IS 'one booking per room at a time';
