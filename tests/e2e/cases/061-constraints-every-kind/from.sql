CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE room (id integer PRIMARY KEY, name text);
CREATE TABLE booking (id integer PRIMARY KEY, room_id integer, during tsrange, guests integer, code text, alt text);
