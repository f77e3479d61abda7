SELECT count(*), sum(n), pg_typeof(sum(n)) FROM t;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'n';
