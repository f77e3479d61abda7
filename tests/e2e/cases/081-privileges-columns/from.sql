-- roles are cluster-wide: create them only when missing
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgs_e2e_col_ro') THEN
		CREATE ROLE pgs_e2e_col_ro;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'Pgs Col "Ré" Writer') THEN
		CREATE ROLE "Pgs Col ""Ré"" Writer";
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '''); DROP TABLE x; --') THEN
		CREATE ROLE "'); DROP TABLE x; --";
	END IF;
END
$$;

CREATE SCHEMA "Ledger";
CREATE TABLE "Ledger"."Accounts" (
	id integer PRIMARY KEY,
	"Name" text,
	"e-mail ✉" text,
	balance integer,
	"'); DROP TABLE x; --" text,
	score integer,
	level integer,
	twice integer GENERATED ALWAYS AS (balance * 2) STORED
);
-- amount is swapped to bigint (online form: a new column): its grants
-- must come back
-- gone is dropped (its grant goes with it) and "old näme" renamed by a
-- directive (its grant stays, under the new name)
CREATE TABLE "Ledger".events (id integer PRIMARY KEY, "Mémo" text, gone text, "old näme" integer,
	amount integer);
-- level's type change recreates the view around it: the view's column
-- grants must come back
CREATE VIEW "Ledger".names AS SELECT id, "Name", level FROM "Ledger"."Accounts";

-- per column, grantees in name order ("');..." < "Pgs..." < "pgs..."):
-- pg_dump lists a column's acl entries as granted, and pgstage dump
-- grants in name order
GRANT INSERT (id, balance) ON "Ledger"."Accounts" TO "'); DROP TABLE x; --" WITH GRANT OPTION;
GRANT SELECT ON "Ledger"."Accounts" TO "Pgs Col ""Ré"" Writer";
GRANT SELECT (balance) ON "Ledger"."Accounts" TO "Pgs Col ""Ré"" Writer";
GRANT SELECT (id), UPDATE ("e-mail ✉") ON "Ledger"."Accounts" TO pgs_e2e_col_ro;
-- score changes type in place (the view holds the table) and twice is
-- recreated (its
-- generation expression changes): both must keep their column grants
GRANT SELECT (score), UPDATE (score), SELECT (twice) ON "Ledger"."Accounts" TO pgs_e2e_col_ro;
GRANT SELECT (id, level) ON "Ledger".names TO pgs_e2e_col_ro;
GRANT SELECT (amount, "Mémo"), UPDATE (amount) ON "Ledger".events TO pgs_e2e_col_ro;
GRANT SELECT (gone, "old näme"), UPDATE ("old näme") ON "Ledger".events TO "Pgs Col ""Ré"" Writer";
