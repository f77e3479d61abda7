-- pgbench: a single-row INSERT of a new row that satisfies every form's constraint
INSERT INTO big (id, a, b, c, parent_id, n) SELECT s, s % 1000, s, s % 100, s % 100 + 1, s FROM (SELECT nextval('big_ids') AS s) x;
