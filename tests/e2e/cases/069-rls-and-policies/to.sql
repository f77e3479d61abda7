CREATE TABLE account (id integer PRIMARY KEY, owner text, balance integer);
ALTER TABLE account ENABLE ROW LEVEL SECURITY;
ALTER TABLE account FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON account FOR SELECT TO PUBLIC USING (owner = current_user);
CREATE POLICY "No Negative" ON account AS RESTRICTIVE FOR UPDATE USING (true) WITH CHECK (balance >= 0);
COMMENT ON POLICY own_rows ON account IS 'owners see their rows';
