-- roles are cluster-wide: create them only when missing
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgs_e2e_new_ro') THEN
		CREATE ROLE pgs_e2e_new_ro;
	END IF;
END
$$;

CREATE TABLE public.old_table (id integer);
GRANT SELECT ON public.old_table TO pgs_e2e_new_ro;
