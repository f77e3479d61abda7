#!/usr/bin/env bash
# options.sh - the options that shape a plan are accepted alike by plan,
# apply and emit (one parser, src/cli/cli_common.c): `plan --format sql`
# with options X and `apply --dry-run` with the same X list the same
# operations with the same timeouts; `--fail-on` refuses in apply (exit 6)
# and emit (exit 6, no file written) before anything changes.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
echo "# options shared by plan, apply and emit"

fresh_db opts
q opts "CREATE TABLE t (id bigint PRIMARY KEY, n integer, s text);
	INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 200) g; ANALYZE t"
cat >"$WORK/opts.sql" <<'SQL'
CREATE TABLE t (id bigint PRIMARY KEY, n bigint NOT NULL, z text);
SQL

# summaries of the operations that would run: "-- + summary" lines of the
# script before a statement, "would run: summary" lines of the dry run
plan_ops() { awk '/^-- [-+~] /{s=substr($0, 6); next} /^(BEGIN|[A-Z].*;|DO )/{if (s != "") print s; s=""}' "$1"; }
dry_ops() { sed -n 's/^would run: //p' "$1"; }

same_plan() { # same_plan NAME OPTIONS...
	local name=$1; shift
	"$PGSTAGE" plan --db dbname=opts --schema "$WORK/opts.sql" --format sql "$@" >"$WORK/$name.sql" 2>"$WORK/$name.plan.err"
	local prc=$?
	"$PGSTAGE" apply --db dbname=opts --schema "$WORK/opts.sql" --dry-run "$@" >"$WORK/$name.dry" 2>"$WORK/$name.dry.err"
	local arc=$?
	check "$name: plan and apply accept the options (exit $prc, $arc)" [ $prc = 0 -a $arc = 0 ]
	plan_ops "$WORK/$name.sql" >"$WORK/$name.plan.ops"
	dry_ops "$WORK/$name.dry" >"$WORK/$name.dry.ops"
	check "$name: the same operations, in the same order" \
		diff -u "$WORK/$name.plan.ops" "$WORK/$name.dry.ops"
	check "$name: at least one operation" [ -s "$WORK/$name.plan.ops" ]
	local lt st
	lt=$(sed -n "s/^SET lock_timeout = '\(.*\)ms';/\1/p" "$WORK/$name.sql")
	st=$(sed -n "s/^SET statement_timeout = '\(.*\)ms';/\1/p" "$WORK/$name.sql")
	check "$name: the same timeouts ($lt ms, $st ms)" \
		grep -q "would run with lock_timeout ${lt}ms, statement_timeout ${st}ms" "$WORK/$name.dry.err"
}

same_plan online --online-min-rows -1 --lock-timeout 2s --statement-timeout 1min --batch-size 50 --allow-drop
check "online: the column swap is planned" grep -q "n__pgstage_new" "$WORK/online.plan.ops"
check "online: the batch size reaches both" \
	[ "$(grep -c 'LIMIT 50)' "$WORK/online.sql")" -gt 0 -a "$(grep -c 'LIMIT 50)' "$WORK/online.dry")" -gt 0 ]
check "online: --allow-drop releases the drop in both" grep -q "drop column public.t.s" "$WORK/online.dry.ops"
same_plan plain --no-online --lock-timeout 500ms
check "plain: no column swap" [ "$(grep -c n__pgstage_new "$WORK/plain.plan.ops")" = 0 ]
check "plain: the drop is held without --allow-drop" [ "$(grep -c 'drop column' "$WORK/plain.dry.ops")" = 0 ]
same_plan small --online-min-rows 100000 --statement-timeout 90s --reorder-columns
check "small: the in-place type change" grep -q "alter column public.t.n type integer -> bigint" "$WORK/small.plan.ops"

"$PGSTAGE" apply --db dbname=opts --schema "$WORK/opts.sql" --lock-timeout 2x >/dev/null 2>"$WORK/bad.err"
check "apply: a bad duration is a usage error (exit 3)" [ $? = 3 ]
"$PGSTAGE" emit --db dbname=opts --schema "$WORK/opts.sql" --dir "$WORK/mig0" --format goose --lock-timeout 2x >/dev/null 2>&1
check "emit: a bad duration is a usage error (exit 3)" [ $? = 3 ]

# --fail-on refuses before anything changes
before=$(user_schema opts)
"$PGSTAGE" apply --db dbname=opts --schema "$WORK/opts.sql" --no-online --fail-on table-rewrite >"$WORK/fail.out" 2>"$WORK/fail.err"
check "apply --fail-on table-rewrite: exit 6" [ $? = 6 ]
check "apply --fail-on: names the hazard and the operation" \
	grep -q "hazards listed in --fail-on: table-rewrite" "$WORK/fail.err"
check "apply --fail-on: the schema is unchanged" [ "$before" = "$(user_schema opts)" ]
"$PGSTAGE" plan --db dbname=opts --schema "$WORK/opts.sql" --no-online --fail-on table-rewrite >/dev/null 2>&1
check "plan --fail-on table-rewrite: exit 6 too" [ $? = 6 ]
"$PGSTAGE" emit --db dbname=opts --schema "$WORK/opts.sql" --dir "$WORK/mig" --format goose --no-online --fail-on table-rewrite >/dev/null 2>"$WORK/emit.err"
check "emit --fail-on table-rewrite: exit 6" [ $? = 6 ]
check "emit --fail-on: no file written" [ ! -e "$WORK/mig" ] || [ -z "$(ls -A "$WORK/mig")" ]
"$PGSTAGE" emit --db dbname=opts --schema "$WORK/opts.sql" --dir "$WORK/mig2" --format goose --online-min-rows -1 --batch-size 50 --lock-timeout 2s >/dev/null 2>"$WORK/emit2.err"
check "emit accepts the plan options" [ $? = 0 ]
check "emit: the online form and the batch size are in the files" \
	grep -rq "n__pgstage_new" "$WORK/mig2"
"$PGSTAGE" apply --db dbname=opts --schema "$WORK/opts.sql" --online-min-rows -1 --lock-timeout 2s >"$WORK/ok.out" 2>"$WORK/ok.err"
check "apply with the options runs (exit 0)" [ $? = 0 ]
check "apply --online-min-rows -1 took the online form" \
	[ "$(q opts "SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'n__pgstage_new' AND NOT attisdropped")" = 1 ]
finish
