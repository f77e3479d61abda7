#!/usr/bin/env bash
# run.sh - end-to-end convergence tests for `pgstage plan` and `pgstage dump`.
#
#   tests/e2e/run.sh [--case PATTERN]... [-j N] [--keep]
#
# Each case is a directory tests/e2e/cases/NNN-name/ with
#   from.sql        the starting schema (loaded into database "from")
#   to.sql          the desired schema (loaded into database "to", and planned)
#   seed.sql        optional: rows inserted into "from" before planning
#   check.sql       optional: query run on "from" after the apply; its psql -At
#   check.expected  output must equal check.expected exactly (no data lost)
#   flags           optional: extra `pgstage plan` flags (word-split)
#   dump-flags      optional: extra `pgstage dump` flags (e.g. --privileges)
#   expect-exit     optional: the case is a negative one; `pgstage plan` must
#                   exit with this code (nothing is applied; to.sql is not
#                   loaded, seed.sql is), and
#   expect-stderr   optional: an extended regex its stderr must match
#   expect-warning  optional: an extended regex a `-- warning:` line of the
#                   plan must match (a positive case)
#   expect-schema-diff  optional: the only difference allowed between the
#                   two dumps: its lines must equal the `-`/`+` lines of the
#                   unified diff (-to +applied), e.g. a column order the plan
#                   warns about and does not change
#   xfail           optional: the case is known to fail today; its text says
#                   why.  A failure prints `xfail NAME: ...` and counts as
#                   skipped; a pass prints a note to delete the file.
#   xfail-stage     optional, with xfail: the one stage the known failure is
#                   at; a failure at any other stage still fails the case.
#
# Stages of a positive case: load-from, load-to, seed, plan (--format sql
# --allow-drop), apply (psql ON_ERROR_STOP), schema (normalized pg_dumps of
# "from" and "to" equal), check, replan (empty), dump (`pgstage dump` of "to"),
# dump-load (into a fresh database), dump-schema (its pg_dump equals "to"'s),
# dump-plan (planning the dump against "to" is empty), pgdump-plan
# (planning pg_dump --schema-only of "to", as it is, against "to" is empty).
#
# APPLY_PATH says how the plan is applied: `psql` (default: the script of
# `plan --format sql`) or `apply` (`pgstage apply --phase all`); see
# apply_plan in tests/pg/lib.sh.
# PGSTAGE names the binary under test (default build/src/cli/pgstage).  Without
# PG* pointing at a server, the script runs itself under tests/pg/cluster.sh.
# Prints `ok NAME` / `FAIL NAME: stage: reason` per case, keeps the artefacts
# of failed cases and closes with `N passed, N failed, N skipped` (skipped =
# xfail cases that failed as expected).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CASES_DIR=${E2E_CASES_DIR:-$HERE/cases}

patterns=()
jobs=2
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--case) patterns+=("$2"); shift 2 ;;
	--case=*) patterns+=("${1#--case=}"); shift ;;
	-j) jobs=$2; shift 2 ;;
	-j*) jobs=${1#-j}; shift ;;
	--keep) keep=1; shift ;;
	-h|--help) sed -n '2,30p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument: $1" >&2; exit 3 ;;
	esac
done

if [ -z "${PGSTAGE_TEST_CLUSTER:-}" ]; then
	export PGSTAGE_TEST_CLUSTER=1
	# re-quote the arguments for the re-exec
	args=()
	for p in "${patterns[@]}"; do args+=(--case "$p"); done
	[ $keep = 1 ] && args+=(--keep)
	exec "$REPO/tests/pg/cluster.sh" run "$0" -j "$jobs" "${args[@]}"
fi

# shellcheck source=../pg/lib.sh
. "$REPO/tests/pg/lib.sh"

PGSTAGE=${PGSTAGE:-$REPO/build/src/cli/pgstage}
case $PGSTAGE in /*) ;; *) PGSTAGE=$(command -v "$PGSTAGE" || echo "$REPO/$PGSTAGE") ;; esac
if [ ! -x "$PGSTAGE" ]; then
	echo "run.sh: no pgstage binary at $PGSTAGE (build it, or set PGSTAGE)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
export PGSTAGE
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

ART=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-e2e.XXXXXX")
chmod 755 "$ART"
export RUN_ALL_LOG=$ART/harness.log

# fail STAGE REASON: record the failure of the current case and return 1.
fail() {
	printf 'FAIL %s: %s: %s\n' "$name" "$1" "$2" >"$work/result"
	return 1
}

# run_case DIR: run one case; writes $ART/NAME/result.
run_case() {
	local dir=$1
	name=$(basename "$dir")
	work=$ART/$name
	mkdir -p "$work"
	local tag
	tag=e2e_$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_' | cut -c1-40)
	local from=${tag}_from to=${tag}_to rt=${tag}_rt
	local flags=()
	[ -f "$dir/flags" ] && read -r -a flags < <(grep -v '^#' "$dir/flags" | tr '\n' ' ')

	pg_createdb "$from" >"$work/createdb.log" 2>&1 || { fail setup "$(first_line "$work/createdb.log")"; return; }
	pg_createdb "$to" >>"$work/createdb.log" 2>&1 || { fail setup "$(first_line "$work/createdb.log")"; return; }
	pg_load "$from" "$dir/from.sql" >"$work/load-from.log" 2>&1 || { fail load-from "$(first_line "$work/load-from.log")"; return; }
	if [ -f "$dir/seed.sql" ]; then
		pg_load "$from" "$dir/seed.sql" >"$work/seed.log" 2>&1 || { fail seed "$(first_line "$work/seed.log")"; return; }
	fi

	if [ -f "$dir/expect-exit" ]; then
		local want rc
		want=$(tr -d '[:space:]' <"$dir/expect-exit")
		"$PGSTAGE" plan --db "dbname=$from" --schema "$dir/to.sql" --format sql "${flags[@]}" \
			>"$work/plan.sql" 2>"$work/plan.err"
		rc=$?
		[ "$rc" = "$want" ] || { fail plan "exit $rc, expected $want: $(first_line "$work/plan.err")"; return; }
		if [ -f "$dir/expect-stderr" ]; then
			grep -q -E -f "$dir/expect-stderr" "$work/plan.err" ||
				{ fail plan "stderr does not match expect-stderr: $(first_line "$work/plan.err")"; return; }
		fi
		echo "ok $name" >"$work/result"
		return
	fi

	pg_load "$to" "$dir/to.sql" >"$work/load-to.log" 2>&1 || { fail load-to "$(first_line "$work/load-to.log")"; return; }

	"$PGSTAGE" plan --db "dbname=$from" --schema "$dir/to.sql" --format sql --allow-drop "${flags[@]}" \
		>"$work/plan.sql" 2>"$work/plan.err" || { fail plan "exit $?: $(first_line "$work/plan.err")"; return; }
	if [ -f "$dir/expect-warning" ]; then
		grep '^-- warning: ' "$work/plan.sql" | grep -q -E -f "$dir/expect-warning" ||
			{ fail plan "no plan warning matches expect-warning: $(grep -m1 '^-- warning: ' "$work/plan.sql" | cut -c1-160)"; return; }
	fi
	apply_plan "$from" "$dir/to.sql" "$work/plan.sql" "${flags[@]}" >"$work/apply.log" 2>&1 ||
		{ fail apply "$(grep -m1 -E 'ERROR|error' "$work/apply.log" || first_line "$work/apply.log")"; return; }

	pg_schema_dump "$from" "$work/from.dump" 2>"$work/dump.err" || { fail schema "pg_dump: $(first_line "$work/dump.err")"; return; }
	pg_schema_dump "$to" "$work/to.dump" 2>"$work/dump.err" || { fail schema "pg_dump: $(first_line "$work/dump.err")"; return; }
	if [ -f "$dir/expect-schema-diff" ]; then
		diff -u "$work/to.dump" "$work/from.dump" >"$work/schema.diff"
		grep -E '^[-+]' "$work/schema.diff" | grep -v -E '^(---|\+\+\+) ' >"$work/schema.diff.lines"
		diff -u "$dir/expect-schema-diff" "$work/schema.diff.lines" >"$work/schema.diff.diff" ||
			{ fail schema "the dumps differ otherwise than expect-schema-diff says: $(grep -E '^[-+][^-+]' "$work/schema.diff.diff" | head -n 1 | cut -c1-160)"; return; }
	elif ! diff -u "$work/to.dump" "$work/from.dump" >"$work/schema.diff"; then
		fail schema "applied schema differs from to.sql (-to +applied): $(grep -E '^[-+][^-+]' "$work/schema.diff" | head -n 1 | cut -c1-160)"
		return
	fi

	if [ -f "$dir/check.sql" ]; then
		psql -X -At -v ON_ERROR_STOP=1 -d "$from" -f "$dir/check.sql" >"$work/check.out" 2>"$work/check.err" ||
			{ fail check "$(first_line "$work/check.err")"; return; }
		diff -u "$dir/check.expected" "$work/check.out" >"$work/check.diff" ||
			{ fail check "data differs from check.expected (-expected +actual): $(grep -E '^[-+][^-+]' "$work/check.diff" | head -n 1 | cut -c1-160)"; return; }
	fi

	"$PGSTAGE" plan --db "dbname=$from" --schema "$dir/to.sql" --format sql --allow-drop "${flags[@]}" \
		>"$work/replan.sql" 2>"$work/replan.err" || { fail replan "exit $?: $(first_line "$work/replan.err")"; return; }
	plan_is_empty "$work/replan.sql" ||
		{ fail replan "not empty after apply: $(grep -v -E '^[[:space:]]*(--.*)?$' "$work/replan.sql" | head -n 1 | cut -c1-160)"; return; }

	local dump_flags=()
	[ -f "$dir/dump-flags" ] && read -r -a dump_flags < <(grep -v '^#' "$dir/dump-flags" | tr '\n' ' ')
	"$PGSTAGE" dump --db "dbname=$to" "${dump_flags[@]}" >"$work/dump.sql" 2>"$work/dump.err" ||
		{ fail dump "exit $?: $(first_line "$work/dump.err")"; return; }
	pg_createdb "$rt" >>"$work/createdb.log" 2>&1 || { fail setup "$(first_line "$work/createdb.log")"; return; }
	pg_load "$rt" "$work/dump.sql" >"$work/dump-load.log" 2>&1 || { fail dump-load "$(first_line "$work/dump-load.log")"; return; }
	pg_schema_dump "$rt" "$work/rt.dump" 2>"$work/dump.err" || { fail dump-schema "pg_dump: $(first_line "$work/dump.err")"; return; }
	if ! diff -u "$work/to.dump" "$work/rt.dump" >"$work/dump-schema.diff"; then
		fail dump-schema "schema loaded from pgstage dump differs from to.sql (-to +dump): $(grep -E '^[-+][^-+]' "$work/dump-schema.diff" | head -n 1 | cut -c1-160)"
		return
	fi
	"$PGSTAGE" plan --db "dbname=$to" --schema "$work/dump.sql" --format sql --allow-drop \
		>"$work/dump-plan.sql" 2>"$work/dump-plan.err" || { fail dump-plan "exit $?: $(first_line "$work/dump-plan.err")"; return; }
	plan_is_empty "$work/dump-plan.sql" ||
		{ fail dump-plan "planning the dump against to is not empty: $(grep -v -E '^[[:space:]]*(--.*)?$' "$work/dump-plan.sql" | head -n 1 | cut -c1-160)"; return; }

	# pg_dump's own output (its \restrict lines included) is a desired schema
	# as it is: planned against the database it came from, nothing to do
	"$PGSTAGE" plan --db "dbname=$to" --schema "$work/to.dump.raw" --format sql --allow-drop "${dump_flags[@]}" \
		>"$work/pgdump-plan.sql" 2>"$work/pgdump-plan.err" || { fail pgdump-plan "exit $?: $(first_line "$work/pgdump-plan.err")"; return; }
	plan_is_empty "$work/pgdump-plan.sql" ||
		{ fail pgdump-plan "planning pg_dump's output against to is not empty: $(grep -v -E '^[[:space:]]*(--.*)?$' "$work/pgdump-plan.sql" | head -n 1 | cut -c1-160)"; return; }

	echo "ok $name" >"$work/result"
}

finish_case() {
	local dir=$1 name work tag
	name=$(basename "$dir")
	work=$ART/$name
	[ -f "$work/result" ] || echo "FAIL $name: harness: no result" >"$work/result"
	if [ -f "$dir/xfail" ]; then
		if grep -q '^ok ' "$work/result"; then
			echo "note: $name passes now; delete $dir/xfail" >>"$work/result"
		elif [ -f "$dir/xfail-stage" ] && ! grep -q "^FAIL $name: $(head -n 1 "$dir/xfail-stage"): " "$work/result"; then
			: # known to fail at another stage only: this failure is real
		else
			sed -i "s/^FAIL /xfail /; s/\$/ [known: $(head -n 1 "$dir/xfail" | sed 's/[\/&]/\\&/g')]/" "$work/result"
		fi
	fi
	cat "$work/result"
	if grep -q '^ok ' "$work/result"; then
		passed=$((passed + 1))
		tag=e2e_$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_' | cut -c1-40)
		pg_dropdb "${tag}_from"; pg_dropdb "${tag}_to"; pg_dropdb "${tag}_rt"
		[ $keep = 1 ] || rm -rf "$work"
	elif grep -q '^xfail ' "$work/result"; then
		skipped=$((skipped + 1))
	else
		failed=$((failed + 1))
	fi
}

select_cases "$CASES_DIR" "${patterns[@]}"

if [ ${#selected[@]} -eq 0 ]; then
	echo "run.sh: no case matches" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

started=$SECONDS
passed=0 failed=0 skipped=0
run_all "$jobs" "${selected[@]}"

echo "e2e: ${#selected[@]} cases in $((SECONDS - started)) s with $PGSTAGE"
if [ $failed -gt 0 ] || [ $skipped -gt 0 ] || [ $keep = 1 ]; then
	# the cluster goes away with us; the artefacts stay
	echo "e2e: artefacts of failed cases kept in $ART"
else
	rm -rf "$ART"
fi
if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
