-- pgbench: a single-row UPDATE by random primary key (rows is set with -D)
\set id random(1, :rows)
UPDATE big SET c = c + 1 WHERE id = :id;
