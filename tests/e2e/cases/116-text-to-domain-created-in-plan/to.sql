-- the domain does not exist before the plan: pre-flight converts the values
-- to its base type instead of casting to a type that is not there yet
CREATE DOMAIN qty AS integer CHECK (VALUE >= 0);
CREATE TABLE t (id integer PRIMARY KEY, v qty);
