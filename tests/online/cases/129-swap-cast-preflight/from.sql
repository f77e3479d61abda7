CREATE TABLE t (id integer PRIMARY KEY, code text);
INSERT INTO t SELECT g, g::text FROM generate_series(1, 200) g;
INSERT INTO t VALUES (201, 'n/a'), (202, 'none'), (203, NULL);
