-- the roles come from from.sql (roles are cluster-wide; a schema file
-- cannot create them)
CREATE SCHEMA "Ledger";
CREATE TABLE "Ledger"."Accounts" (
	id integer PRIMARY KEY,
	"Name" text,
	"e-mail ✉" text,
	balance integer,
	"'); DROP TABLE x; --" text,
	score bigint,
	level bigint,
	twice integer GENERATED ALWAYS AS (balance * 3) STORED
);
-- amount is swapped to bigint (online form: a new column): its grants
-- must come back
-- gone is dropped (its grant goes with it) and "old näme" renamed (its
-- grant stays, under the new name; UPDATE is taken back)
CREATE TABLE "Ledger".events (
	id integer PRIMARY KEY,
	"Mémo" text,
	"new näme" integer, -- pgstage: renamed from "old näme"
	amount bigint
);
-- level's type change recreates the view around it: the view's column
-- grants must come back
CREATE VIEW "Ledger".names AS SELECT id, "Name", level FROM "Ledger"."Accounts";

-- changed: the grant option taken back, ALL on a column, a table-level
-- SELECT revoked while a column SELECT of the same role stays, columns
-- more and less.  Per column, grantees in name order ("');..." <
-- PUBLIC < "Pgs..." < "pgs..."): pg_dump lists a column's acl entries as
-- granted, and pgstage's plan and dump grant in name order.
GRANT INSERT (id, balance) ON "Ledger"."Accounts" TO "'); DROP TABLE x; --";
GRANT ALL ("Name") ON "Ledger"."Accounts" TO "'); DROP TABLE x; --";
-- a table-level REVOKE takes the column privilege too
GRANT UPDATE (balance) ON "Ledger"."Accounts" TO PUBLIC;
REVOKE UPDATE ON "Ledger"."Accounts" FROM PUBLIC;
GRANT UPDATE ("Name") ON "Ledger"."Accounts" TO PUBLIC;
GRANT SELECT (balance, "'); DROP TABLE x; --") ON "Ledger"."Accounts" TO "Pgs Col ""Ré"" Writer";
GRANT SELECT (id, "Name", "e-mail ✉"), UPDATE ("Name") ON "Ledger"."Accounts" TO pgs_e2e_col_ro;
GRANT SELECT (score), UPDATE (score), SELECT (twice) ON "Ledger"."Accounts" TO pgs_e2e_col_ro;
GRANT SELECT ("Name") ON "Ledger".names TO "Pgs Col ""Ré"" Writer";
GRANT SELECT (id, level) ON "Ledger".names TO pgs_e2e_col_ro;
GRANT SELECT (amount, "Mémo"), UPDATE (amount) ON "Ledger".events TO pgs_e2e_col_ro;
GRANT SELECT ("new näme") ON "Ledger".events TO "Pgs Col ""Ré"" Writer";
