CREATE TABLE parent (id int, bar text) PARTITION BY LIST (bar);
CREATE TABLE p1 PARTITION OF parent FOR VALUES IN ('a');
