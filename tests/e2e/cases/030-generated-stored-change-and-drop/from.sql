CREATE TABLE t (id integer NOT NULL, a integer, b integer, g integer GENERATED ALWAYS AS (a + b) STORED);
CREATE TABLE u (id integer NOT NULL, s text, up text GENERATED ALWAYS AS (upper(s)) STORED);
