#!/usr/bin/env bash
# preflight.sh - `apply` runs every pre-flight check `plan` runs before it
# changes anything: NULLs before SET NOT NULL, duplicates before UNIQUE,
# orphans before a foreign key, rows failing a CHECK, values that do not
# convert in place.  A refusal exits 6 naming the count, and pg_dump
# --schema-only of the user schemas is the same before and after.  Then the
# rolling deploy: rows written by the old application after the backfill
# are caught up right before the tighten step (the backfill runs again even
# though its phase is not selected), or refuse it with the count when the
# backfill cannot fix them.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
echo "# pre-flight at apply"

refused() { # refused NAME SETUP-SQL DESIRED-SQL COUNT-REGEX
	local name=$1 setup=$2 desired=$3 count=$4
	fresh_db pf
	q pf "$setup"
	printf '%s\n' "$desired" >"$WORK/$name.sql"
	local before rc
	before=$(user_schema pf)
	"$PGSTAGE" apply --db dbname=pf --schema "$WORK/$name.sql" --phase all >"$WORK/$name.out" 2>"$WORK/$name.err"
	rc=$?
	check "$name: apply refuses with exit 6 (got $rc)" [ $rc = 6 ]
	check "$name: the refusal names the count" grep -Eq "$count" "$WORK/$name.err"
	check "$name: the user schema is unchanged (pg_dump --schema-only)" [ "$before" = "$(user_schema pf)" ]
	check "$name: the refused run is in the history" \
		[ "$(q pf "SELECT status FROM pgstage.runs ORDER BY run_id DESC LIMIT 1")" = failed ]
	check "$name: the metrics line says failed" [ "$(metric "$WORK/$name.out" outcome)" = failed ]
	"$PGSTAGE" apply --db dbname=pf --schema "$WORK/$name.sql" --phase all --dry-run >/dev/null 2>&1
	check "$name: a dry run refuses too (exit 6)" [ $? = 6 ]
	"$PGSTAGE" apply --db dbname=pf --schema "$WORK/$name.sql" --phase all --no-preflight >/dev/null 2>&1
	check "$name: --no-preflight skips the checks (the server refuses: exit 2)" [ $? = 2 ]
}

refused nulls \
	"CREATE TABLE u (id int PRIMARY KEY, email text); INSERT INTO u VALUES (1, 'a'), (2, NULL), (3, NULL)" \
	"CREATE TABLE u (id int PRIMARY KEY, email text NOT NULL);" \
	"validate check email IS NOT NULL on public.u: 2 rows with NULL in public.u.email"
refused duplicates \
	"CREATE TABLE u (id int PRIMARY KEY, email text); INSERT INTO u VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, 'b'), (5, 'c')" \
	"CREATE TABLE u (id int PRIMARY KEY, email text CONSTRAINT u_email_key UNIQUE);" \
	": 2 duplicate keys for unique constraint u_email_key"
refused orphans \
	"CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int);
	 INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1), (2, 7), (3, 8), (4, 9)" \
	"CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, p_id int CONSTRAINT c_p_fk REFERENCES p);" \
	"validate constraint c_p_fk on public.c: 3 rows of public.c without a match in public.p"
refused check \
	"CREATE TABLE items (id int PRIMARY KEY, qty int); INSERT INTO items VALUES (1, -1), (2, 5), (3, -3)" \
	"CREATE TABLE items (id int PRIMARY KEY, qty int CONSTRAINT qty_positive CHECK (qty >= 0));" \
	"validate constraint qty_positive on public.items: 2 rows failing check qty_positive"
refused convert \
	"CREATE TABLE m (id int PRIMARY KEY, v text); INSERT INTO m VALUES (1, '1'), (2, 'n/a')" \
	"CREATE TABLE m (id int PRIMARY KEY, v integer);" \
	"alter column public.m.v type text -> integer: 1 values of public.m.v that do not convert to integer, e.g. invalid input syntax for type integer: \"n/a\""
refused new-enum \
	"CREATE TABLE m (id int PRIMARY KEY, v text); INSERT INTO m VALUES (1, 'sad'), (2, 'meh')" \
	"CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE m (id int PRIMARY KEY, v mood);" \
	"1 values of public.m.v that are not labels of public.mood"

# static checks: a name that resolves nowhere is exit 4 with file:line:col,
# before anything changes (the new table would come first otherwise)
fresh_db pfstatic
q pfstatic "CREATE TABLE t (id int PRIMARY KEY, name text)"
printf 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE t (\n    id int PRIMARY KEY,\n    name text,\n    qty intger\n);\n' >"$WORK/static1.sql"
printf 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE t (\n    id int PRIMARY KEY,\n    name text,\n    -- pgstage: backfill lower(nmae)\n    login text NOT NULL\n);\n' >"$WORK/static2.sql"
printf 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE t (\n    id int PRIMARY KEY,\n    name text,\n    code text DEFAULT make_code()\n);\n' >"$WORK/static3.sql"
before=$(user_schema pfstatic)
for n in 1 2 3; do
	"$PGSTAGE" apply --db dbname=pfstatic --schema "$WORK/static$n.sql" >"$WORK/static$n.out" 2>"$WORK/static$n.err"
	check "static check $n: apply exits 4" [ $? = 4 ]
	check "static check $n: the user schema is unchanged" [ "$before" = "$(user_schema pfstatic)" ]
done
check "static check: a type that exists nowhere, at file:line:col" \
	grep -q "static1.sql:5:5: error: column public.t.qty: type public.intger does not exist" "$WORK/static1.err"
check "static check: a backfill reading a missing column, at the directive" \
	grep -q "static2.sql:5:17: error: the backfill directive of column public.t.login reads column nmae" "$WORK/static2.err"
check "static check: a default calling a missing function" \
	grep -q "static3.sql:5:5: error: the default of column public.t.code calls make_code(), which does not exist" "$WORK/static3.err"
"$PGSTAGE" plan --db dbname=pfstatic --schema "$WORK/static1.sql" >"$WORK/static.plan" 2>/dev/null
check "static check: plan exits 4 too, printing nothing" [ $? = 4 -a ! -s "$WORK/static.plan" ]

# a saved plan carries its checks: apply --plan runs them too
fresh_db pfsaved
q pfsaved "CREATE TABLE u (id int PRIMARY KEY, email text); INSERT INTO u VALUES (1, 'a')"
printf '%s\n' "CREATE TABLE u (id int PRIMARY KEY, email text NOT NULL);" >"$WORK/saved.sql"
"$PGSTAGE" plan --db dbname=pfsaved --schema "$WORK/saved.sql" --out "$WORK/saved.json" >/dev/null 2>&1
check "saved plan: the file carries the checks" [ "$(jq '[.ops[].checks // [] | length] | add' "$WORK/saved.json")" = 1 ]
# a NULL arrives after the review, without changing the schema
q pfsaved "INSERT INTO u VALUES (2, NULL)"
before=$(user_schema pfsaved)
"$PGSTAGE" apply --db dbname=pfsaved --plan "$WORK/saved.json" >"$WORK/saved.out" 2>"$WORK/saved.err"
check "saved plan: apply --plan refuses (exit 6)" [ $? = 6 ]
check "saved plan: naming the count" grep -q "1 rows with NULL in public.u.email" "$WORK/saved.err"
check "saved plan: the user schema is unchanged" [ "$before" = "$(user_schema pfsaved)" ]

# checks against a type the plan creates are not refusals when the data fits
fresh_db pfenum
q pfenum "CREATE TABLE m (id int PRIMARY KEY, v text); INSERT INTO m VALUES (1, 'sad'), (2, NULL), (3, 'happy')"
printf '%s\n' "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE m (id int PRIMARY KEY, v mood);" >"$WORK/enum.sql"
"$PGSTAGE" apply --db dbname=pfenum --schema "$WORK/enum.sql" >"$WORK/enum.out" 2>"$WORK/enum.err"
check "text -> an enum created by the same plan: applied (exit 0)" [ $? = 0 ]
check "text -> enum: the rows are kept" [ "$(q pfenum "SELECT string_agg(coalesce(v::text, '-'), ',' ORDER BY id) FROM m")" = "sad,-,happy" ]

# rolling deploy, with a backfill directive: the old application writes a
# NULL after the backfill; the tighten run catches up first
fresh_db roll
q roll "CREATE TABLE u (id int PRIMARY KEY, name text, email text);
	INSERT INTO u SELECT g, 'N' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'e' || g END FROM generate_series(1, 300) g"
cat >"$WORK/roll.sql" <<'SQL'
CREATE TABLE u (
    id int PRIMARY KEY,
    name text,
    -- pgstage: backfill lower(name) batch 50
    email text NOT NULL
);
SQL
"$PGSTAGE" plan --db dbname=roll --schema "$WORK/roll.sql" >/dev/null 2>&1
check "rolling: plan accepts it (the backfill fixes the NULLs)" [ $? = 0 ]
"$PGSTAGE" apply --db dbname=roll --schema "$WORK/roll.sql" --phase expand >"$WORK/r1.out" 2>"$WORK/r1.err"
check "rolling: expand applied" [ $? = 0 ]
"$PGSTAGE" apply --db dbname=roll --schema "$WORK/roll.sql" --phase backfill >"$WORK/r2.out" 2>"$WORK/r2.err"
check "rolling: backfill applied (100 rows)" [ $? = 0 -a "$(metric "$WORK/r2.out" rows_backfilled)" = 100 ]
# the old application version, still running, writes rows without an email
q roll "INSERT INTO u VALUES (1001, 'Late', NULL), (1002, 'Later', NULL)"
"$PGSTAGE" apply --db dbname=roll --schema "$WORK/roll.sql" --phase tighten >"$WORK/r3.out" 2>"$WORK/r3.err"
check "rolling: tighten succeeds (exit 0)" [ $? = 0 ]
check "rolling: it says it caught up" grep -q "2 rows with NULL in public.u.email written since the backfill; catching up" "$WORK/r3.err"
check "rolling: the backfill ran again for the new rows only" [ "$(metric "$WORK/r3.out" rows_backfilled)" = 2 ]
check "rolling: the late rows got the backfill's value" [ "$(q roll "SELECT string_agg(email, ',' ORDER BY id) FROM u WHERE id > 1000")" = "late,later" ]
check "rolling: the column is NOT NULL" [ "$(q roll "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'u'::regclass AND attname = 'email'")" = t ]

# rolling deploy where the backfill cannot fix the late rows (its value is
# NULL for them): the tighten step refuses with the count, before it runs
fresh_db roll2
q roll2 "CREATE TABLE u (id int PRIMARY KEY, name text, email text);
	INSERT INTO u SELECT g, 'N' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'e' || g END FROM generate_series(1, 30) g"
"$PGSTAGE" apply --db dbname=roll2 --schema "$WORK/roll.sql" --phase expand >/dev/null 2>&1
"$PGSTAGE" apply --db dbname=roll2 --schema "$WORK/roll.sql" --phase backfill >/dev/null 2>&1
q roll2 "INSERT INTO u VALUES (2001, NULL, NULL), (2002, NULL, NULL), (2003, NULL, NULL)"
"$PGSTAGE" apply --db dbname=roll2 --schema "$WORK/roll.sql" --phase tighten >"$WORK/r4.out" 2>"$WORK/r4.err"
check "rolling, unfixable rows: tighten refuses (exit 6)" [ $? = 6 ]
check "rolling, unfixable rows: the refusal names the count" \
	grep -q "validate check email IS NOT NULL on public.u: 3 rows with NULL in public.u.email" "$WORK/r4.err"
check "rolling, unfixable rows: the VALIDATE did not run, nor SET NOT NULL" \
	[ "$(q roll2 "SELECT count(*) FROM pgstage.steps WHERE summary LIKE 'validate%' OR summary LIKE 'set not null%'")" = 0 ]
check "rolling, unfixable rows: the column is still nullable" \
	[ "$(q roll2 "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'u'::regclass AND attname = 'email'")" = f ]
q roll2 "UPDATE u SET email = 'fixed' WHERE email IS NULL"
"$PGSTAGE" apply --db dbname=roll2 --schema "$WORK/roll.sql" --phase tighten >"$WORK/r5.out" 2>"$WORK/r5.err"
check "rolling, once fixed: tighten converges" [ $? = 0 ]
check "rolling, once fixed: NOT NULL, values filled" \
	[ "$(q roll2 "SELECT count(*) FROM u WHERE email IS NULL")" = 0 ]
finish
