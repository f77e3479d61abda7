CREATE TABLE t (id integer PRIMARY KEY, email text, org integer);
CREATE UNIQUE INDEX t_org_email ON t (org, lower(email)) WHERE org = 1;
