#!/usr/bin/env bash
# run.sh - the apply end-to-end tests: concurrency, crash (SIGKILL/SIGTERM
# during a 200k-row backfill), failure, saved plan.  Uses $PGSTAGE (default
# build/src/cli/pgstage) and the server PG* points at, or starts a throwaway
# cluster with tests/pg/cluster.sh when PG* is not set.  Prints ok/FAIL
# lines and "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
if [ -z "${PGHOST:-}${PGDATABASE:-}${DATABASE_URL:-}" ] && [ -z "${PGSTAGE_APPLY_IN_CLUSTER:-}" ]; then
	PGSTAGE_APPLY_IN_CLUSTER=1 exec "$ROOT/tests/pg/cluster.sh" run "$0" "$@"
fi
export PGSTAGE=${PGSTAGE:-$ROOT/build/src/cli/pgstage}
case $PGSTAGE in /*) ;; *) PGSTAGE=$PWD/$PGSTAGE ;; esac
[ -x "$PGSTAGE" ] || { echo "run.sh: no pgstage binary at $PGSTAGE (set PGSTAGE)" >&2; exit 2; }
command -v jq >/dev/null || { echo "run.sh: jq is required" >&2; exit 2; }

passed=0 failed=0
for t in ${APPLY_TESTS:-concurrency crash failure saved_plan unique_index type_swap options preflight}; do
	out=$("$HERE/$t.sh" 2>&1)
	status=$?
	printf '%s\n' "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $t: did not finish (exit $status)"
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + ${line%% passed*}))
	f=${line#*passed, }
	failed=$((failed + ${f%% failed*}))
	[ $status -eq 0 ] || [ "${f%% failed*}" -gt 0 ] || { echo "FAIL $t: exit $status"; failed=$((failed + 1)); }
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
