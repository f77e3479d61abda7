CREATE TABLE account (id integer PRIMARY KEY, owner text, balance integer);
CREATE POLICY old_policy ON account USING (true);
