CREATE COLLATION "natural Sort" (provider = icu, locale = 'en-u-kn-false');
CREATE TABLE events (id integer, tag text COLLATE "natural Sort", day date) PARTITION BY RANGE (day);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_tag_idx ON events (tag);
CREATE VIEW tags AS SELECT tag FROM events ORDER BY tag COLLATE "natural Sort";
CREATE TABLE notes (id integer PRIMARY KEY, body text COLLATE "natural Sort");
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY hide_x ON notes USING (body <> 'x');
