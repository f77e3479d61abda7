SELECT id, l FROM t ORDER BY l;
SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'level'::regtype;
