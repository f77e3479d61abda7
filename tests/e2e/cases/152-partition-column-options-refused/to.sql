-- Column options on a partition's column crashed the parser (a NULL type
-- name).  The model has no place for them yet: exit 4 naming the column.
CREATE TABLE parent (id int, bar text) PARTITION BY LIST (bar);
CREATE TABLE p1 PARTITION OF parent FOR VALUES IN ('a');
CREATE TABLE p2 PARTITION OF parent (bar NOT NULL) FOR VALUES IN ('x');
