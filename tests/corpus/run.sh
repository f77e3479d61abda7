#!/usr/bin/env bash
# run.sh - run pgstage over the external conformance corpus (migra's fixtures).
#
#   tests/corpus/run.sh [--case PATTERN]... [-j N] [--keep] [--corpus DIR]
#
# The corpus is $REPO/../shared/corpus/migra by default (CORPUS_DIR or
# --corpus override it); see its README.md.  It lives outside the
# repository: when the default one is missing (a clone alone), the run
# says `skipped: corpus: ...` and closes `0 passed, 0 failed, 1 skipped`;
# a corpus named with CORPUS_DIR or --corpus must exist.  `_cluster_setup.sql` runs once
# against database postgres.  Per case: load from.sql and to.sql into two
# databases, `pgstage plan --db from --schema to.sql --format sql --allow-drop
# --reorder-columns` (every case, the same flags: column order is part of the
# pg_dump comparison; the default, a warning, is e2e case 097's),
# apply it (with psql, ON_ERROR_STOP; or with `pgstage apply --phase all`
# when APPLY_PATH=apply, see tests/pg/lib.sh), compare normalized pg_dump
# --schema-only of both and their pg_extension versions, and re-plan: the
# plan must be empty.
#
# Prints `NAME: converged` or `NAME: FAILED (stage: reason)` per case.  The
# cases listed in tests/corpus/expected-converged.txt must converge (a listed
# case that no longer does is a failure); an unlisted case that converges is
# reported as a note.  Closes with `N passed, N failed, N skipped`: passed =
# converged, failed = listed cases that did not converge, skipped = unlisted
# cases that did not converge (known gaps, see docs/conformance.md).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CORPUS=${CORPUS_DIR:-$REPO/../shared/corpus/migra}
EXPECTED=${CORPUS_EXPECTED:-$HERE/expected-converged.txt}

patterns=()
named=${CORPUS_DIR:+1}
jobs=2
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--case) patterns+=("$2"); shift 2 ;;
	--case=*) patterns+=("${1#--case=}"); shift ;;
	--corpus) CORPUS=$2; named=1; shift 2 ;;
	-j) jobs=$2; shift 2 ;;
	-j*) jobs=${1#-j}; shift ;;
	--keep) keep=1; shift ;;
	-h|--help) sed -n '2,23p' "$0"; exit 0 ;;
	*) echo "corpus/run.sh: unknown argument: $1" >&2; exit 3 ;;
	esac
done

if [ ! -d "$CORPUS" ] && [ -z "$named" ]; then
	echo "skipped: corpus: ../shared/corpus/migra not found beside the repository (set CORPUS_DIR to run it)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
if [ ! -d "$CORPUS" ]; then
	echo "corpus/run.sh: no corpus at $CORPUS" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
CORPUS=$(cd "$CORPUS" && pwd)

if [ -z "${PGSTAGE_TEST_CLUSTER:-}" ]; then
	export PGSTAGE_TEST_CLUSTER=1
	args=()
	for p in "${patterns[@]}"; do args+=(--case "$p"); done
	[ $keep = 1 ] && args+=(--keep)
	exec "$REPO/tests/pg/cluster.sh" run "$0" -j "$jobs" --corpus "$CORPUS" "${args[@]}"
fi

# shellcheck source=../pg/lib.sh
. "$REPO/tests/pg/lib.sh"

PGSTAGE=${PGSTAGE:-$REPO/build/src/cli/pgstage}
case $PGSTAGE in /*) ;; *) PGSTAGE=$(command -v "$PGSTAGE" || echo "$REPO/$PGSTAGE") ;; esac
if [ ! -x "$PGSTAGE" ]; then
	echo "corpus/run.sh: no pgstage binary at $PGSTAGE (build it, or set PGSTAGE)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
export PGSTAGE
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

ART=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-corpus.XXXXXX")
chmod 755 "$ART"
export RUN_ALL_LOG=$ART/harness.log

if [ -f "$CORPUS/_cluster_setup.sql" ]; then
	pg_load postgres "$CORPUS/_cluster_setup.sql" >"$ART/_cluster_setup.log" 2>&1 || {
		echo "corpus/run.sh: _cluster_setup.sql failed: $(first_line "$ART/_cluster_setup.log")" >&2
		echo "0 passed, 1 failed"
		exit 1
	}
fi

fail() {
	printf '%s: FAILED (%s: %s)\n' "$name" "$1" "$2" >"$work/result"
	return 1
}

extversions() {
	psql -X -At -d "$1" -c "SELECT extname || ' ' || extversion FROM pg_extension ORDER BY 1"
}

run_case() {
	local dir=$1
	name=$(basename "$dir")
	work=$ART/$name
	mkdir -p "$work"
	local tag
	tag=corpus_$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_' | cut -c1-40)
	local from=${tag}_from to=${tag}_to

	pg_createdb "$from" >"$work/createdb.log" 2>&1 || { fail setup "$(first_line "$work/createdb.log")"; return; }
	pg_createdb "$to" >>"$work/createdb.log" 2>&1 || { fail setup "$(first_line "$work/createdb.log")"; return; }
	pg_load "$from" "$dir/from.sql" >"$work/load-from.log" 2>&1 || { fail load-from "$(first_line "$work/load-from.log")"; return; }
	pg_load "$to" "$dir/to.sql" >"$work/load-to.log" 2>&1 || { fail load-to "$(first_line "$work/load-to.log")"; return; }

	"$PGSTAGE" plan --db "dbname=$from" --schema "$dir/to.sql" --format sql --allow-drop --reorder-columns \
		>"$work/plan.sql" 2>"$work/plan.err" || { fail plan "exit $?: $(first_line "$work/plan.err")"; return; }
	apply_plan "$from" "$dir/to.sql" "$work/plan.sql" --reorder-columns >"$work/apply.log" 2>&1 ||
		{ fail apply "$(grep -m1 -E 'ERROR|error' "$work/apply.log" || first_line "$work/apply.log")"; return; }

	pg_schema_dump "$from" "$work/from.dump" 2>"$work/dump.err" || { fail schema "pg_dump: $(first_line "$work/dump.err")"; return; }
	pg_schema_dump "$to" "$work/to.dump" 2>"$work/dump.err" || { fail schema "pg_dump: $(first_line "$work/dump.err")"; return; }
	if ! diff -u "$work/to.dump" "$work/from.dump" >"$work/schema.diff"; then
		fail schema "applied schema differs from to.sql (-to +applied): $(grep -E '^[-+][^-+]' "$work/schema.diff" | head -n 1 | cut -c1-160)"
		return
	fi
	extversions "$from" >"$work/from.ext" 2>&1
	extversions "$to" >"$work/to.ext" 2>&1
	diff -u "$work/to.ext" "$work/from.ext" >"$work/ext.diff" ||
		{ fail extversions "extension versions differ (-to +applied): $(grep -E '^[-+][^-+]' "$work/ext.diff" | tr '\n' ' ' | cut -c1-160)"; return; }

	"$PGSTAGE" plan --db "dbname=$from" --schema "$dir/to.sql" --format sql --allow-drop --reorder-columns \
		>"$work/replan.sql" 2>"$work/replan.err" || { fail replan "exit $?: $(first_line "$work/replan.err")"; return; }
	plan_is_empty "$work/replan.sql" ||
		{ fail replan "not empty after apply: $(grep -v -E '^[[:space:]]*(--.*)?$' "$work/replan.sql" | head -n 1 | cut -c1-160)"; return; }

	echo "$name: converged" >"$work/result"
}

listed() { grep -qx -- "$1" <(sed 's/#.*//; s/[[:space:]]*$//' "$EXPECTED" 2>/dev/null); }

finish_case() {
	local dir=$1 name work tag
	name=$(basename "$dir")
	work=$ART/$name
	[ -f "$work/result" ] || echo "$name: FAILED (harness: no result)" >"$work/result"
	cat "$work/result"
	if grep -q ': converged$' "$work/result"; then
		passed=$((passed + 1))
		listed "$name" || newly+=("$name")
		tag=corpus_$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_' | cut -c1-40)
		pg_dropdb "${tag}_from"; pg_dropdb "${tag}_to"
		[ $keep = 1 ] || rm -rf "$work"
	elif listed "$name"; then
		failed=$((failed + 1))
		regressed+=("$name")
	else
		skipped=$((skipped + 1))
	fi
}

select_cases "$CORPUS" "${patterns[@]}"
[ ${#selected[@]} -gt 0 ] || { echo "corpus/run.sh: no case matches" >&2; echo "0 passed, 1 failed"; exit 1; }

started=$SECONDS
passed=0 failed=0 skipped=0
newly=() regressed=()
run_all "$jobs" "${selected[@]}"

echo "corpus: $passed of ${#selected[@]} cases converged in $((SECONDS - started)) s with $PGSTAGE"
for n in "${regressed[@]}"; do
	echo "corpus: REGRESSION: $n is listed in tests/corpus/expected-converged.txt but did not converge"
done
for n in "${newly[@]}"; do
	echo "corpus: note: $n now converges; add it to tests/corpus/expected-converged.txt"
done
if [ $passed -lt ${#selected[@]} ] || [ $keep = 1 ]; then
	echo "corpus: artefacts of cases that did not converge kept in $ART"
else
	rm -rf "$ART"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
