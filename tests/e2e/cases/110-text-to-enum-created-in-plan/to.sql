-- the enum does not exist before the plan: pre-flight checks the values
-- against its labels here, not with a cast to a type that is not there yet
CREATE TYPE mood AS ENUM ('sad', 'happy', 'it''s complicated');
CREATE TABLE t (id integer PRIMARY KEY, m mood, tags text);
