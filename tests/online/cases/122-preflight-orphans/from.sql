CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (id integer PRIMARY KEY, p_id integer);
INSERT INTO p VALUES (1);
INSERT INTO c VALUES (1, 1), (2, 2), (3, 3), (4, NULL);
