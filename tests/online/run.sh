#!/usr/bin/env bash
# run.sh - the online forms of issue 4 and their pre-flight checks.
#
#   tests/online/run.sh [--case PATTERN]...
#
# Cases live in tests/online/cases/<name>/ in the e2e layout (from.sql,
# to.sql, seed.sql, check.sql/check.expected, flags, expect-exit,
# expect-stderr: see tests/e2e/run.sh), which converges them.  On top,
# each case may hold
#   expect-plan    extended regexes that must each match a line of the SQL plan
#   expect-text    extended regexes that must each match a line of the text plan
#   expect-absent  extended regexes that must match no line of either
# checked on a fresh database loaded with from.sql and seed.sql.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PGSTAGE=${PGSTAGE:-$REPO/build/src/cli/pgstage}
export PGSTAGE

if [ -z "${PGHOST:-}" ]; then
	exec "$REPO/tests/pg/cluster.sh" run "$0" "$@"
fi

# 1. convergence, data checks, negative cases: the e2e runner on our cases
E2E_CASES_DIR=$HERE/cases "$REPO/tests/e2e/run.sh" "$@" | tee /tmp/pgstage-online-e2e.$$ | grep -v '^[0-9]* passed'
e2e_line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' /tmp/pgstage-online-e2e.$$ | tail -n 1)
rm -f /tmp/pgstage-online-e2e.$$
e2e_passed=$(echo "$e2e_line" | awk '{print $1}')
e2e_failed=$(echo "$e2e_line" | awk '{print $3}')

# 2. the shape of each plan
passed=0 failed=0
work=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-online.XXXXXX")
for dir in "$HERE"/cases/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	[ -f "$dir/expect-plan" ] || [ -f "$dir/expect-text" ] || [ -f "$dir/expect-absent" ] || continue
	if [ $# -gt 0 ] && [[ "$*" != *"$name"* ]] && ! printf '%s\n' "$@" | grep -q -F -- "${name%%-*}"; then
		continue
	fi
	db=online_$(echo "$name" | tr -c 'a-zA-Z0-9' '_' | cut -c1-40)
	dropdb --if-exists "$db" >/dev/null 2>&1
	createdb "$db" || { echo "FAIL $name: shape: createdb"; failed=$((failed + 1)); continue; }
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$dir/from.sql" >/dev/null 2>"$work/$name.load" &&
		{ [ ! -f "$dir/seed.sql" ] || psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$dir/seed.sql" >/dev/null 2>>"$work/$name.load"; } ||
		{ echo "FAIL $name: shape: load: $(head -n 1 "$work/$name.load")"; failed=$((failed + 1)); continue; }
	psql -X -q -d "$db" -c "ANALYZE" >/dev/null
	flags=()
	[ -f "$dir/flags" ] && read -r -a flags < <(grep -v '^#' "$dir/flags" | tr '\n' ' ')
	"$PGSTAGE" plan --db "dbname=$db" --schema "$dir/to.sql" --allow-drop --format sql "${flags[@]}" >"$work/$name.sql" 2>/dev/null
	"$PGSTAGE" plan --db "dbname=$db" --schema "$dir/to.sql" --allow-drop --color never "${flags[@]}" >"$work/$name.txt" 2>/dev/null
	why=""
	if [ -f "$dir/expect-plan" ]; then
		while IFS= read -r re; do
			[ -n "$re" ] && ! grep -q -E -- "$re" "$work/$name.sql" && { why="SQL plan lacks /$re/"; break; }
		done <"$dir/expect-plan"
	fi
	if [ -z "$why" ] && [ -f "$dir/expect-text" ]; then
		while IFS= read -r re; do
			[ -n "$re" ] && ! grep -q -E -- "$re" "$work/$name.txt" && { why="text plan lacks /$re/"; break; }
		done <"$dir/expect-text"
	fi
	if [ -z "$why" ] && [ -f "$dir/expect-absent" ]; then
		while IFS= read -r re; do
			[ -n "$re" ] && grep -q -E -- "$re" "$work/$name.sql" "$work/$name.txt" && { why="plan has /$re/"; break; }
		done <"$dir/expect-absent"
	fi
	if [ -z "$why" ]; then
		echo "ok $name (plan shape)"
		passed=$((passed + 1))
		dropdb "$db"
	else
		echo "FAIL $name: shape: $why (plans kept in $work)"
		failed=$((failed + 1))
	fi
done
[ $failed -eq 0 ] && rm -rf "$work"
passed=$((passed + ${e2e_passed:-0}))
failed=$((failed + ${e2e_failed:-1}))
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
