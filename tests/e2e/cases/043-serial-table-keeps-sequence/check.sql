SELECT id, v, extra IS NULL FROM t ORDER BY id;
SELECT last_value FROM t_id_seq;
