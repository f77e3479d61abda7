CREATE TABLE t (id bigint PRIMARY KEY, a integer, b text);
CREATE INDEX t_b_old ON t (b);
