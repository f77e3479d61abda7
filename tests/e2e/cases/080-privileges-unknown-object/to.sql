CREATE TABLE public.t (id integer);
GRANT SELECT ON public.not_here TO PUBLIC;
