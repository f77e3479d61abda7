#!/usr/bin/env bash
# tests/drift/run.sh - `pgstage drift` and `pgstage plan --format json|xml`
# end to end against a real PostgreSQL: every exit code (0 match, 1 drift,
# 2 every kind of error) in every format (text, json, junit), each JUnit
# file validated with `xmllint --schema schemas/junit.xsd` and read by a
# JUnit parser (junit_check.py), each plan XML validated against
# schemas/plan.xsd, each JSON document parsed with jq.
#
#   tests/drift/run.sh            PGSTAGE=path/to/pgstage tests/drift/run.sh
#
# Uses the server the PG* variables point at, in a database of its own
# (created and dropped here); without PGHOST it starts a throwaway cluster
# with tests/pg/cluster.sh run.  Prints ok/FAIL lines and ends with
# `N passed, N failed`; exits 1 when anything failed.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
if [ -z "${PGHOST:-}" ]; then
	exec "$REPO/tests/pg/cluster.sh" run "$HERE/run.sh" "$@"
fi

PGSTAGE=${PGSTAGE:-$REPO/build/src/cli/pgstage}
case $PGSTAGE in /*) ;; *) PGSTAGE=$REPO/$PGSTAGE ;; esac
[ -x "$PGSTAGE" ] || { echo "run.sh: no pgstage binary at $PGSTAGE (build first, or set PGSTAGE)" >&2; exit 2; }
for tool in psql xmllint jq; do
	command -v $tool >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 2; }
done
# Debian's python3 is the one python3-junitparser installs into
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3

SCHEMA=$HERE/schema/app.sql
PLAN_XSD=$REPO/schemas/plan.xsd
JUNIT_XSD=$REPO/schemas/junit.xsd
DB=pgstage_drift_$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-drift.XXXXXX")
cleanup() {
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() {
	failed=$((failed + 1))
	echo "FAIL $1"
	[ -n "${2:-}" ] && sed 's/^/     | /' <<<"$2" | head -n 30
	return 0
}
# check NAME COMMAND...: ok when COMMAND succeeds, else FAIL with its output
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else bad "$name" "$out"; fi
}

# drift FORMAT [ARGS...]: runs drift on $DB; stdout in $WORK/out, stderr in
# $WORK/err, exit status in $rc
drift() {
	local format=$1
	shift
	"$PGSTAGE" drift --db "dbname=$DB" --schema "$SCHEMA" --format "$format" "$@" \
		>"$WORK/out" 2>"$WORK/err"
	rc=$?
}
expect_rc() { # NAME WANT
	if [ "$rc" = "$2" ]; then ok "$1: exit $2"; else bad "$1: exit $rc, want $2" "$(cat "$WORK/err" "$WORK/out")"; fi
}
xsd_valid() { # NAME FILE XSD
	check "$1: valid against $(basename "$3")" xmllint --noout --schema "$3" "$2"
}
junit_reads() { # NAME FILE TESTS FAILURES ERRORS [FAILING...]
	local name=$1
	shift
	check "$name: JUnit parser reads it" "$PYTHON" "$HERE/junit_check.py" "$@"
}
json_true() { # NAME FILE JQ-FILTER (must print true)
	local got
	got=$(jq -e "$3" "$2" 2>&1) && [ "$got" = true ] && { ok "$1"; return; }
	bad "$1" "jq '$3' gave: $got"$'\n'"$(head -c 2000 "$2")"
}
contains() { # NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1" "no '$3' in:"$'\n'"$(cat "$2")"; fi
}

started=$SECONDS
echo "# pgstage: $PGSTAGE"
echo "# server: $(psql -X -At -d postgres -c 'SHOW server_version')"
psql -X -q -d postgres -c "CREATE DATABASE $DB" >/dev/null || { echo "cannot create database $DB" >&2; exit 2; }
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$SCHEMA" >/dev/null || { echo "cannot load $SCHEMA" >&2; exit 2; }

# --- help -------------------------------------------------------------
"$PGSTAGE" drift --help >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "help" 0
contains "help: documents exit status 2 for every error" "$WORK/out" "2 any error"

# --- 0: the database matches ------------------------------------------
drift text
expect_rc "match text" 0
contains "match text: says so" "$WORK/out" "No drift: the database matches the desired schema"

drift json
expect_rc "match json" 0
cp "$WORK/out" "$WORK/match.json"
json_true "match json: drifted false, no differences" "$WORK/match.json" \
	'.format == "pgstage-drift" and .drifted == false and (.differences | length) == 0 and .summary.differences == 0'
json_true "match json: every object listed as ok" "$WORK/match.json" \
	'(.objects | length) == 6 and all(.objects[]; .status == "ok")'
n_objects=$(jq '.objects | length' "$WORK/match.json")

drift junit
expect_rc "match junit" 0
cp "$WORK/out" "$WORK/match.xml"
xsd_valid "match junit" "$WORK/match.xml" "$JUNIT_XSD"
junit_reads "match junit" "$WORK/match.xml" "$n_objects" 0 0

"$PGSTAGE" plan --db "dbname=$DB" --schema "$SCHEMA" --format xml >"$WORK/plan-empty.xml" 2>"$WORK/err"
rc=$?
expect_rc "plan xml, nothing to do" 0
xsd_valid "plan xml, nothing to do" "$WORK/plan-empty.xml" "$PLAN_XSD"

# --- 1: the database drifts -------------------------------------------
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<'SQL' || bad "could not make the database drift"
ALTER TABLE users ADD COLUMN nickname text;        -- live-only column
ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);
DROP INDEX orders_user_id_idx;                     -- desired, missing
CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text); -- live-only table
COMMENT ON TABLE users IS 'changed by hand';
ALTER TABLE "Odd <&> ""name""" ADD COLUMN "x&y" integer;
SQL

drift text
expect_rc "drift text" 1
contains "drift text: column type" "$WORK/out" "column type public.orders.note: character varying(200) -> text"
contains "drift text: live-only table" "$WORK/out" "drop public.audit_log: in the database, not in the desired schema"
contains "drift text: missing index" "$WORK/out" "create public.orders_user_id_idx: in the desired schema, missing from the database"
contains "drift text: summary line" "$WORK/out" "7 objects checked, 5 drifted, 6 differences."

drift json
expect_rc "drift json" 1
cp "$WORK/out" "$WORK/drift.json"
json_true "drift json: drifted, counts agree" "$WORK/drift.json" \
	'.drifted == true and .summary.drifted == 5 and .summary.differences == (.differences | length)'
json_true "drift json: each difference has kind, object, name, detail" "$WORK/drift.json" \
	'all(.differences[]; (.kind | length) > 0 and (.object | length) > 0 and (.name | length) > 0 and (.detail | length) > 0)'
json_true "drift json: column type difference" "$WORK/drift.json" \
	'any(.differences[]; .kind == "table" and .object == "public.orders" and .name == "public.orders.note" and .type == "column type" and .detail == "character varying(200) -> text")'
json_true "drift json: live-only column and table, missing index" "$WORK/drift.json" \
	'any(.differences[]; .name == "public.users.nickname" and .type == "drop column") and any(.differences[]; .object == "public.audit_log" and .type == "drop") and any(.differences[]; .kind == "index" and .object == "public.orders_user_id_idx" and .type == "create")'
json_true "drift json: names that need escaping" "$WORK/drift.json" \
	'any(.differences[]; .object == "public.Odd <&> \"name\"" and .name == "public.Odd <&> \"name\".x&y")'
json_true "drift json: target without password" "$WORK/drift.json" '(.target | test("dbname|password") | not)'
drift json
cmp -s "$WORK/out" "$WORK/drift.json" && ok "drift json: byte-identical on a second run" ||
	bad "drift json: differs between runs" "$(diff "$WORK/drift.json" "$WORK/out")"

drift junit
expect_rc "drift junit" 1
cp "$WORK/out" "$WORK/drift.xml"
xsd_valid "drift junit" "$WORK/drift.xml" "$JUNIT_XSD"
junit_reads "drift junit" "$WORK/drift.xml" $((n_objects + 1)) 5 0 \
	'table/public.Odd <&> "name"' table/public.users table/public.orders index/public.orders_user_id_idx table/public.audit_log
contains "drift junit: failure message carries the difference" "$WORK/drift.xml" \
	'message="column type public.orders.note: character varying(200) -&gt; text"'

for allow in "" --allow-drop; do
	label="plan${allow:+ $allow}"
	"$PGSTAGE" plan --db "dbname=$DB" --schema "$SCHEMA" --format xml $allow >"$WORK/plan.xml" 2>"$WORK/err"
	rc=$?
	expect_rc "$label xml" 0
	xsd_valid "$label xml" "$WORK/plan.xml" "$PLAN_XSD"
	"$PGSTAGE" plan --db "dbname=$DB" --schema "$SCHEMA" --format json $allow >"$WORK/plan.json" 2>"$WORK/err"
	rc=$?
	expect_rc "$label json" 0
	json_true "$label json: operations add up to the summary" "$WORK/plan.json" \
		'.format == "pgstage-plan-report" and ([.phases[].operations[]] | length) == .summary.operations and .summary.operations > 0'
	json_true "$label json: positions run 1..n in order" "$WORK/plan.json" \
		'[.phases[].operations[].position] == [range(1; .summary.operations + 1)]'
	json_true "$label json: same operations as the XML" "$WORK/plan.json" \
		"([.phases[].operations[].summary] | length) == $(xmllint --xpath 'count(//operation)' "$WORK/plan.xml")"
done
json_true "plan json --allow-drop: nothing held, drop of audit_log released" "$WORK/plan.json" \
	'.summary.held == 0 and any(.phases[]; .name == "contract" and any(.operations[]; .summary == "drop table public.audit_log" and (.hazards | index("data-loss")) != null))'
json_true "plan json: column type change carries lock, table and statements" "$WORK/plan.json" \
	'any(.phases[].operations[]; .object == "public.orders.note" and .lock == "ACCESS EXCLUSIVE" and .lock_table == "public.orders" and (.statements | length) > 0)'

# pre-flight results in the exports: NULLs where the schema wants NOT NULL
sed 's/^    name text,$/    name text NOT NULL,/' "$SCHEMA" >"$WORK/tight.sql"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "INSERT INTO users (email) VALUES ('a@example.com')" >/dev/null ||
	bad "could not insert a user"
"$PGSTAGE" plan --db "dbname=$DB" --schema "$WORK/tight.sql" --format xml >"$WORK/plan-pf.xml" 2>"$WORK/err"
rc=$?
expect_rc "plan xml, pre-flight refuses" 6
xsd_valid "plan xml, pre-flight refuses" "$WORK/plan-pf.xml" "$PLAN_XSD"
n=$(xmllint --xpath 'count(//operation/preflight/check[@verdict="refuse" and @count=1])' "$WORK/plan-pf.xml" 2>&1)
[ "$n" = 1 ] && ok "plan xml: the refusing check with its count" || bad "plan xml: refusing checks: $n" "$(cat "$WORK/plan-pf.xml")"
"$PGSTAGE" plan --db "dbname=$DB" --schema "$WORK/tight.sql" --format json >"$WORK/plan-pf.json" 2>"$WORK/err"
rc=$?
expect_rc "plan json, pre-flight refuses" 6
json_true "plan json: pre-flight result on the NOT NULL operation" "$WORK/plan-pf.json" \
	'.summary.preflight_refusals == 1 and any(.phases[].operations[]; any(.preflight[]?; .verdict == "refuse" and .count == 1 and .ran and (.query | length) > 0 and (.check | test("name"))))'
psql -X -q -d "$DB" -c "DELETE FROM users" >/dev/null

# --- 2: every kind of error -------------------------------------------
secret=pgstage-test-secret
for format in text json junit; do
	"$PGSTAGE" drift --db "host=$WORK/no-such-socket dbname=$DB password=$secret connect_timeout=5" \
		--schema "$SCHEMA" --format $format >"$WORK/out" 2>"$WORK/err"
	rc=$?
	expect_rc "unreachable database, $format" 2
	contains "unreachable database, $format: says why" "$WORK/err" "could not connect"
	if grep -qF "$secret" "$WORK/out" "$WORK/err"; then bad "unreachable database, $format: password printed"; else ok "unreachable database, $format: no password printed"; fi
	case $format in
	json) json_true "unreachable database, json: error document" "$WORK/out" \
		'.format == "pgstage-drift" and (.error.message | test("could not connect")) and (.drifted == null)' ;;
	junit) cp "$WORK/out" "$WORK/error.xml"
		xsd_valid "unreachable database, junit" "$WORK/error.xml" "$JUNIT_XSD"
		junit_reads "unreachable database, junit" "$WORK/error.xml" 1 0 1 ;;
	text) [ -s "$WORK/out" ] && bad "unreachable database, text: report on stdout" "$(cat "$WORK/out")" ||
		ok "unreachable database, text: nothing on stdout" ;;
	esac
done

for format in text json junit; do
	"$PGSTAGE" drift --db "dbname=$DB" --schema "$HERE/schema/broken.sql" --format $format \
		>"$WORK/out" 2>"$WORK/err"
	rc=$?
	expect_rc "bad desired schema, $format" 2
	contains "bad desired schema, $format: points at the file" "$WORK/err" "broken.sql:3:"
	[ $format = junit ] && xsd_valid "bad desired schema, junit" "$WORK/out" "$JUNIT_XSD"
	[ $format = json ] && json_true "bad desired schema, json: error names the line" "$WORK/out" \
		'(.error.file | endswith("broken.sql")) and .error.line == 3'
done

"$PGSTAGE" drift --db "dbname=$DB" --schema "$WORK/missing.sql" >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "missing schema file" 2
"$PGSTAGE" drift --db "dbname=$DB" --schema "$SCHEMA" --format yaml >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "unknown format" 2
"$PGSTAGE" drift --db "dbname=$DB" >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "no --schema" 2
"$PGSTAGE" drift --db "dbname=$DB" --schema "$SCHEMA" extra >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "unexpected argument" 2
"$PGSTAGE" drift --no-such-option >"$WORK/out" 2>"$WORK/err"
rc=$?
expect_rc "unknown option" 2

if [ -w /dev/full ]; then
	"$PGSTAGE" drift --db "dbname=$DB" --schema "$SCHEMA" --format json >/dev/full 2>"$WORK/err"
	rc=$?
	expect_rc "report cannot be written" 2
	contains "report cannot be written: says so" "$WORK/err" "could not write the drift report"
fi

psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c 'CREATE TEXT SEARCH CONFIGURATION public.drift_c (COPY = simple)' >/dev/null ||
	bad "could not create a text search configuration"
drift junit
expect_rc "unmanaged object in the database" 2
contains "unmanaged object: named" "$WORK/err" "text search configuration public.drift_c"
xsd_valid "unmanaged object, junit" "$WORK/out" "$JUNIT_XSD"
drift json --allow-unsupported
expect_rc "unmanaged object with --allow-unsupported" 1

echo "# $((SECONDS - started))s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
