CREATE TABLE metric (id integer PRIMARY KEY, value bigint, owner text);
CREATE VIEW high AS SELECT id, value FROM metric WHERE value > 10;
CREATE VIEW very_high AS SELECT id FROM high WHERE value > 100;
ALTER TABLE metric ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON metric USING (owner = current_user AND value >= 0);
