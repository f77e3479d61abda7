#!/usr/bin/env bash
# saved_plan.sh - `plan --out FILE` then `apply --plan FILE`: applies while
# the database is unchanged, refuses (exit 2, naming the change) once it
# changed; a dry run changes nothing; status lists pending and deferred ops.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
echo "# saved plan"

fresh_db saved
q saved "CREATE TABLE users (id bigint PRIMARY KEY, email text, legacy text)"
cat >"$WORK/schema.sql" <<'SQL'
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL DEFAULT '', created timestamptz);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
SQL
"$PGSTAGE" plan --db dbname=saved --schema "$WORK/schema.sql" --out "$WORK/plan.json" >/dev/null
check "plan --out writes a saved plan" [ "$(jq -r .format "$WORK/plan.json")" = pgstage-plan ]
check "the saved plan records the schema fingerprint" [ "$(jq -r '.fingerprint | length' "$WORK/plan.json")" = 32 ]

"$PGSTAGE" apply --db dbname=saved --plan "$WORK/plan.json" --dry-run >"$WORK/dry.out" 2>"$WORK/dry.err"
rc=$?
check "a dry run exits 0 and prints the statements" grep -q "CREATE TABLE public.orders" "$WORK/dry.out"
check "a dry run exits 0" [ $rc = 0 ]
check "a dry run changes nothing (no history schema, no table)" \
	[ "$(q saved "SELECT to_regnamespace('pgstage') IS NULL AND to_regclass('orders') IS NULL")" = t ]

# the review document is not a saved plan, and apply says so
"$PGSTAGE" plan --db dbname=saved --schema "$WORK/schema.sql" --format json >"$WORK/report.json"
check "plan --format json names itself a plan report" [ "$(jq -r .format "$WORK/report.json")" = pgstage-plan-report ]
"$PGSTAGE" apply --db dbname=saved --plan "$WORK/report.json" >"$WORK/report.out" 2>"$WORK/report.err"
check "apply --plan refuses a plan report with exit 4" [ $? = 4 ]
check "the refusal says what it was given" \
	grep -qF "this is a plan report (plan --format json), not a saved plan" "$WORK/report.err"
check "the refusal says how to save a plan" grep -qF "hint: save a plan for apply with: pgstage plan --out FILE" "$WORK/report.err"
check "nothing was applied (report)" [ "$(q saved "SELECT to_regclass('orders') IS NULL")" = t ]

# someone changes the database after the plan was made
q saved "ALTER TABLE users ADD COLUMN nickname text"
"$PGSTAGE" apply --db dbname=saved --plan "$WORK/plan.json" >"$WORK/stale.out" 2>"$WORK/stale.err"
check "a stale plan is refused with exit 2" [ $? = 2 ]
check "the refusal says the schema changed" grep -q "changed since the plan was made" "$WORK/stale.err"
check "nothing was applied" [ "$(q saved "SELECT to_regclass('orders') IS NULL")" = t ]
q saved "ALTER TABLE users DROP COLUMN nickname"

"$PGSTAGE" apply --db dbname=saved --plan "$WORK/plan.json" >"$WORK/ok.out" 2>"$WORK/ok.err"
check "an unchanged database accepts the saved plan" [ $? = 0 -a "$(metric "$WORK/ok.out" outcome)" = applied ]
check "the history records the plan id" \
	[ "$(q saved "SELECT plan_id FROM pgstage.runs ORDER BY run_id DESC LIMIT 1")" = "$(jq -r .plan_id "$WORK/plan.json")" ]
check "the dropped column is held back, not applied" [ "$(q saved "SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'legacy' AND NOT attisdropped")" = 1 ]
check "the held op is recorded as deferred" [ "$(q saved "SELECT count(*) FROM pgstage.deferred WHERE released_at IS NULL")" -ge 1 ]
"$PGSTAGE" status --db dbname=saved --schema "$WORK/schema.sql" >"$WORK/status.txt" 2>&1
check "status lists applied steps" grep -q "applied .*create table public.orders" "$WORK/status.txt"
check "status lists the deferred drop" grep -q "deferred" "$WORK/status.txt"
"$PGSTAGE" status --db dbname=saved --format json >"$WORK/status.json" 2>&1
check "status --format json is JSON with runs and deferred" [ "$(jq '(.runs | length) > 0 and (.deferred | length) > 0' "$WORK/status.json")" = true ]

"$PGSTAGE" apply --db dbname=saved --schema "$WORK/schema.sql" --phase contract --log-format json >"$WORK/c.out" 2>"$WORK/c.err"
check "--phase contract exits 0" [ $? = 0 ]
check "--phase contract releases the held drop" [ "$(q saved "SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'legacy' AND NOT attisdropped")" = 0 ]
all_json() { jq -e . "$1" >/dev/null 2>&1; }
check "--log-format json: every log line is JSON" all_json "$WORK/c.err"
check "the deferred op is marked released" [ "$(q saved "SELECT count(*) FROM pgstage.deferred WHERE released_at IS NULL")" = 0 ]
"$PGSTAGE" apply --db dbname=saved --schema "$WORK/schema.sql" --phase all >"$WORK/all.out" 2>/dev/null
check "the schema converged" [ "$(metric "$WORK/all.out" outcome)" = "nothing to do" ]
# an online type change from one saved plan, in two runs: expand, backfill
# and tighten first; contract later.  The second run is accepted because the
# schema is where the first run of the same plan left it.
fresh_db online
q online "CREATE TABLE t (id bigint PRIMARY KEY, name text, n integer NOT NULL DEFAULT 0);
	CREATE INDEX t_n ON t (n);
	INSERT INTO t SELECT g, 'n' || g, g * 7 FROM generate_series(1, 30000) g"
q online "ANALYZE t"
printf 'CREATE TABLE t (id bigint PRIMARY KEY, name text, n bigint NOT NULL DEFAULT 0);\nCREATE INDEX t_n ON t (n);\n' >"$WORK/online.sql"
"$PGSTAGE" plan --db dbname=online --schema "$WORK/online.sql" --out "$WORK/online.json" >/dev/null
"$PGSTAGE" apply --db dbname=online --plan "$WORK/online.json" --batch-size 4000 >"$WORK/on1.out" 2>"$WORK/on1.err"
check "saved online plan: default phases apply, backfilling every row" \
	[ $? = 0 -a "$(metric "$WORK/on1.out" rows_backfilled)" = 30000 ]
# contract holds two operations: the catch-up UPDATE (outside any table lock) and the swap
check "saved online plan: the catch-up and the swap are deferred" [ "$(metric "$WORK/on1.out" operations_deferred)" = 2 ]
"$PGSTAGE" apply --db dbname=online --plan "$WORK/online.json" --phase contract >"$WORK/on2.out" 2>"$WORK/on2.err"
check "saved online plan: --phase contract continues the same plan" [ $? = 0 ]
check "saved online plan: it says where it continues from" grep -q "where run #1 of this plan left it" "$WORK/on2.err"
check "saved online plan: the column is bigint, values kept" \
	[ "$(q online "SELECT format_type(atttypid, atttypmod) || ' ' || (SELECT sum(n) FROM t) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'n'")" = "bigint 3150105000" ]
check "saved online plan: no helper column left" \
	[ "$(q online "SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname LIKE '%pgstage%' AND NOT attisdropped")" = 0 ]
"$PGSTAGE" apply --db dbname=online --schema "$WORK/online.sql" --phase all >"$WORK/on3.out" 2>/dev/null
check "saved online plan: the schema converged" [ "$(metric "$WORK/on3.out" outcome)" = "nothing to do" ]

# a saved plan applied, then reverted by hand: never "nothing to do"
fresh_db revert
q revert "CREATE TABLE t (id bigint PRIMARY KEY)"
printf 'CREATE TABLE t (id bigint PRIMARY KEY, note text);\n' >"$WORK/revert.sql"
"$PGSTAGE" plan --db dbname=revert --schema "$WORK/revert.sql" --out "$WORK/revert.json" >/dev/null
"$PGSTAGE" apply --db dbname=revert --plan "$WORK/revert.json" >"$WORK/rv1.out" 2>"$WORK/rv1.err"
check "revert: the saved plan applies" [ $? = 0 -a "$(metric "$WORK/rv1.out" outcome)" = applied ]
"$PGSTAGE" apply --db dbname=revert --plan "$WORK/revert.json" >"$WORK/rv2.out" 2>"$WORK/rv2.err"
check "revert: applied again while the change is there: nothing to do" \
	[ $? = 0 -a "$(metric "$WORK/rv2.out" outcome)" = "nothing to do" ]
check "revert: and it says an earlier run applied it" grep -q "already applied by an earlier run of this plan" "$WORK/rv2.err"
q revert "ALTER TABLE t DROP COLUMN note"
"$PGSTAGE" apply --db dbname=revert --plan "$WORK/revert.json" >"$WORK/rv3.out" 2>"$WORK/rv3.err"
check "revert: after a manual revert the plan applies again (exit 0, applied)" \
	[ $? = 0 -a "$(metric "$WORK/rv3.out" outcome)" = applied ]
check "revert: it says the schema is back where the plan starts" grep -q "run #1 applied this plan, but the schema is back where the plan starts" "$WORK/rv3.err"
check "revert: never 'nothing to do'" [ "$(grep -c "nothing to do" "$WORK/rv3.err")" = 0 ]
check "revert: the column is there again" \
	[ "$(q revert "SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'note' AND NOT attisdropped")" = 1 ]
# a plan of two changes, one of them reverted: neither where the plan starts
# nor where its run left the schema: refused as stale, saying what differs
fresh_db revert2
q revert2 "CREATE TABLE t (id bigint PRIMARY KEY)"
printf 'CREATE TABLE t (id bigint PRIMARY KEY, note text);\nCREATE TABLE u (id bigint PRIMARY KEY);\n' >"$WORK/revert2.sql"
"$PGSTAGE" plan --db dbname=revert2 --schema "$WORK/revert2.sql" --out "$WORK/revert2.json" >/dev/null
"$PGSTAGE" apply --db dbname=revert2 --plan "$WORK/revert2.json" >/dev/null 2>&1
q revert2 "ALTER TABLE t DROP COLUMN note"
"$PGSTAGE" apply --db dbname=revert2 --plan "$WORK/revert2.json" >"$WORK/rv4.out" 2>"$WORK/rv4.err"
check "partial revert: refused as stale (exit 2)" [ $? = 2 ]
check "partial revert: never 'nothing to do'" [ "$(metric "$WORK/rv4.out" outcome)" = failed ]
check "partial revert: it says what differs" grep -q "+ table public.u" "$WORK/rv4.err"
check "partial revert: and that an earlier run applied the plan" grep -q "run #1 applied this plan, and the schema has changed since" "$WORK/rv4.err"

echo '{"format": "something else"}' >"$WORK/bad.json"
"$PGSTAGE" apply --db dbname=saved --plan "$WORK/bad.json" >/dev/null 2>"$WORK/bad.err"
check "a file that is not a plan is refused with exit 4" [ $? = 4 ]
check "and says why" grep -q "not a valid pgstage plan" "$WORK/bad.err"
finish
