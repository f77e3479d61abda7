CREATE SEQUENCE counter;
CREATE SEQUENCE old_seq;
CREATE TABLE t (id integer);
