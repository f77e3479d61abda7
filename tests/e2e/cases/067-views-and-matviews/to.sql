CREATE TABLE sale (id integer PRIMARY KEY, amount numeric, region text);
CREATE VIEW big_sale AS SELECT id, amount, region FROM sale WHERE amount > 1000;
CREATE VIEW "Region Totals" AS SELECT region, sum(amount) AS total FROM sale GROUP BY region;
CREATE MATERIALIZED VIEW sale_summary AS SELECT count(*) AS n, sum(amount) AS total FROM sale;
CREATE UNIQUE INDEX sale_summary_n ON sale_summary (n);
CREATE VIEW guarded WITH (security_barrier = true) AS SELECT id FROM sale WHERE region = 'eu' WITH CASCADED CHECK OPTION;
COMMENT ON VIEW big_sale IS 'over a thousand';
