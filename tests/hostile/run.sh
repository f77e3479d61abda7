#!/usr/bin/env bash
# run.sh - the hostile-name matrix (issue 14, output side): names, enum
# labels, comments, defaults, check expressions and directive texts that
# hold newlines, carriage returns, backslashes, both quote kinds, $$ and
# $pgstage$, \!, runner markers ("-- +goose StatementEnd",
# "-- migrate:down"), "'); DROP TABLE canary; --", terminal escapes and
# non-ASCII text go through every output pgstage writes, against a
# database with standard_conforming_strings on and one with it off
# (ALTER DATABASE ... SET):
#
#   plan --format sql    run with psql: canary survives, no shell command
#                        ran, the re-plan is empty
#   plan --format text   no raw ESC byte, one line per operation
#   plan --format json|xml   parse (python3 json, xmllint --schema plan.xsd)
#   drift text|json|junit    parse; the text has no raw ESC byte
#   apply                canary survives, the re-plan is empty; status text
#                        has no raw ESC byte
#   emit (six formats)   every file replayed the way its runner runs it
#                        (tests/pg/runners.sh): canary survives, the
#                        re-plan is empty; emit --from-dir replays the
#                        directory and finds nothing left to write
#
#   tests/hostile/run.sh [--keep]
#
# PGSTAGE names the binary under test (default build/src/cli/pgstage).
# Without PGHOST set the script runs itself under tests/pg/cluster.sh run.
# Prints `ok NAME` / `FAIL NAME: reason`, then `N passed, N failed`.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
keep=0
[ "${1:-}" = --keep ] && keep=1
if [ -z "${PGHOST:-}" ]; then
	exec "$REPO/tests/pg/cluster.sh" run "$0" "$@"
fi
PGSTAGE=${PGSTAGE:-$REPO/build/src/cli/pgstage}
case $PGSTAGE in /*) ;; *) PGSTAGE=$(command -v "$PGSTAGE" || echo "$REPO/$PGSTAGE") ;; esac
if [ ! -x "$PGSTAGE" ]; then
	echo "run.sh: no pgstage binary at $PGSTAGE (build it, or set PGSTAGE)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export SOURCE_DATE_EPOCH=1700000000
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-hostile.XXXXXX")
chmod 755 "$WORK"
PWNED=$WORK/pwned
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1: $(head -c 1500 <<<"${2:-}")"; }
ESC=$'\033'

# --- the schemas ---------------------------------------------------------------
# The live database starts with a canary (which must survive everything), a
# table with a row (for backfills and added columns) and an enum.
cat >"$WORK/base.sql" <<'SQL'
CREATE TABLE canary (id int PRIMARY KEY);
INSERT INTO canary VALUES (1);
CREATE TABLE victim (id int PRIMARY KEY);
INSERT INTO victim VALUES (1), (2);
CREATE TYPE mood AS ENUM ('plain');
SQL

# The desired schema: each hostile text in a name, a label, a comment, a
# default, a check, a directive, a view and a function body.  Written
# with printf so that ESC and CR are real bytes.
H=$WORK/hostile.sql
{
	cat <<'SQL'
CREATE TABLE canary (id int PRIMARY KEY);
CREATE TYPE mood AS ENUM ('plain', 'nl
DROP TABLE canary; --', 'bs\''; DROP TABLE canary; --', '$pgstage$', '-- +goose StatementEnd');
CREATE TABLE "t
DROP TABLE canary; --" (id int PRIMARY KEY, "q""uote" text, "x
\! touch PWNED
" int);
CREATE TABLE "m
-- +goose StatementEnd
-- migrate:down
DROP TABLE canary; --" (id int);
CREATE TABLE "café_日本" ("ünïcode" text DEFAULT 'naïve — ok');
CREATE TABLE victim (
    id int PRIMARY KEY,
    -- the column name ends the DO block's fixed dollar quote
    /* pgstage: backfill 'multi
DROP TABLE canary; --
-- +goose StatementEnd' batch 1 */
    "d$pgstage$" text NOT NULL,
    e text DEFAULT '\''; DROP TABLE canary; --',
    f text DEFAULT 'x
-- +goose StatementEnd
-- migrate:down
DROP TABLE canary; --',
    g text DEFAULT $$dollar $pgstage$ and $$ || '$$',
    h text DEFAULT '\!touch PWNED',
    k text,
    CONSTRAINT "ck
-- +goose Down" CHECK (k <> '\' || '''); DROP TABLE canary; --')
);
COMMENT ON TABLE victim IS '\''; DROP TABLE canary; --';
COMMENT ON COLUMN victim.k IS '
-- +goose StatementEnd
-- migrate:down
DROP TABLE canary; --';
COMMENT ON TYPE mood IS 'ends with a backslash \';
CREATE VIEW "v
-- migrate:down" AS SELECT 1 AS "a
-- +goose Down", 'x
-- pgstage:phase contract
\! touch PWNED' AS b;
CREATE FUNCTION hostile_fn() RETURNS text LANGUAGE sql AS $body$
-- +goose StatementEnd
-- migrate:down
SELECT '$pgstage$ $$ \! touch PWNED'::text
$body$;
SQL
	printf 'CREATE TABLE "esc%s[31mred%s[0m" (id int);\n' "$ESC" "$ESC"
	printf "COMMENT ON TABLE \"esc%s[31mred%s[0m\" IS 'bell\a cr\r tab\t esc%s]0;title\a';\n" "$ESC" "$ESC" "$ESC"
	printf 'CREATE TABLE "cr\rDROP TABLE canary; --" (id int);\n'
} | sed "s|PWNED|$PWNED|g" >"$H"

# --- helpers ---------------------------------------------------------------------
# newdb NAME MODE: a database holding base.sql, standard_conforming_strings MODE
newdb() {
	dropdb --if-exists "$1" && createdb "$1" || return 1
	psqlq -d "$1" -c "ALTER DATABASE \"$1\" SET standard_conforming_strings = $2" || return 1
	[ "${3:-base}" = empty ] || psqlq -d "$1" -f "$WORK/base.sql"
}

survived() { [ "$(psql -X -At -d "$1" -c 'SELECT count(*) FROM canary' 2>/dev/null)" = 1 ] && [ ! -e "$PWNED" ]; }

# converged DB: planning the hostile schema against DB leaves no statement
converged() {
	local out
	out=$("$PGSTAGE" plan --db "dbname=$1" --schema "$H" --format sql --allow-drop 2>&1) || { echo "$out"; return 1; }
	if grep -v '^--' <<<"$out" | grep -q '[^[:space:]]'; then echo "$out"; return 1; fi
}

no_raw_esc() { ! grep -q "$ESC" "$1"; }

# The runner's view of a directory: tests/pg/runners.sh (as tests/emit).
export RUNNER_TMP=$WORK
# shellcheck source=../pg/runners.sh
. "$REPO/tests/pg/runners.sh"

# --- one mode --------------------------------------------------------------------
run_mode() {
	local mode=$1 db out rc fmt dir e
	rm -f "$PWNED"

	# plan as a psql script, run by psql
	db=sql_$mode
	newdb "$db" "$mode"
	if out=$("$PGSTAGE" plan --db "dbname=$db" --schema "$H" --format sql 2>&1 >"$WORK/plan.$mode.sql"); then
		if out=$(psqlq -d "$db" -f "$WORK/plan.$mode.sql" 2>&1) && survived "$db" && out=$(converged "$db"); then
			ok "$mode: plan --format sql run by psql: canary survives, re-plan empty"
		else bad "$mode: plan --format sql run by psql: canary survives, re-plan empty" "$out"; fi
	else bad "$mode: plan --format sql" "$out"; fi
	# every comment line of the script is one line: no statement starts in one
	if awk '/^-- [-+~] /{c++} END{exit !(c > 10)}' "$WORK/plan.$mode.sql" &&
		! grep -qE '^(DROP TABLE canary|\\!)' "$WORK/plan.$mode.sql"; then
		ok "$mode: plan --format sql: names stay inside comment lines"
	else bad "$mode: plan --format sql: names stay inside comment lines" "$(head -40 "$WORK/plan.$mode.sql")"; fi

	# text, json, xml plans (against a fresh database: every operation)
	db=doc_$mode
	newdb "$db" "$mode"
	"$PGSTAGE" plan --db "dbname=$db" --schema "$H" --format text --color always >"$WORK/plan.$mode.txt" 2>&1
	# --color always: the only ESC bytes are the colour codes pgstage adds
	if sed -E "s/$ESC\[[0-9;]*m//g" "$WORK/plan.$mode.txt" | grep -q "$ESC"; then
		bad "$mode: plan --format text: no raw ESC from names" "$(cat -v "$WORK/plan.$mode.txt" | head -20)"
	elif grep -q '^DROP TABLE canary' "$WORK/plan.$mode.txt"; then
		bad "$mode: plan --format text: one line per operation" "$(cat -v "$WORK/plan.$mode.txt" | head -20)"
	else ok "$mode: plan --format text: names escaped"; fi
	if "$PGSTAGE" plan --db "dbname=$db" --schema "$H" --format json >"$WORK/plan.$mode.json" 2>&1 &&
		$PYTHON -c 'import json,sys; d=json.load(open(sys.argv[1])); assert sum(len(p["operations"]) for p in d["phases"]) > 10' "$WORK/plan.$mode.json" 2>"$WORK/err"; then
		ok "$mode: plan --format json parses"
	else bad "$mode: plan --format json parses" "$(cat "$WORK/err" "$WORK/plan.$mode.json" | head -20)"; fi
	if "$PGSTAGE" plan --db "dbname=$db" --schema "$H" --format xml >"$WORK/plan.$mode.xml" 2>&1 &&
		xmllint --noout --schema "$REPO/schemas/plan.xsd" "$WORK/plan.$mode.xml" 2>"$WORK/err"; then
		ok "$mode: plan --format xml validates"
	else bad "$mode: plan --format xml validates" "$(cat "$WORK/err" | head -20)"; fi

	# drift reports (every hostile object missing)
	"$PGSTAGE" drift --db "dbname=$db" --schema "$H" --format text >"$WORK/drift.$mode.txt" 2>&1
	rc=$?
	if [ $rc = 1 ] && no_raw_esc "$WORK/drift.$mode.txt" && ! grep -q '^DROP TABLE canary' "$WORK/drift.$mode.txt"; then
		ok "$mode: drift text: names escaped"
	else bad "$mode: drift text: names escaped" "rc=$rc $(cat -v "$WORK/drift.$mode.txt" | head -20)"; fi
	"$PGSTAGE" drift --db "dbname=$db" --schema "$H" --format json >"$WORK/drift.$mode.json" 2>&1
	if $PYTHON -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["drifted"]' "$WORK/drift.$mode.json" 2>"$WORK/err"; then
		ok "$mode: drift json parses"
	else bad "$mode: drift json parses" "$(cat "$WORK/err" | head -20)"; fi
	"$PGSTAGE" drift --db "dbname=$db" --schema "$H" --format junit >"$WORK/drift.$mode.xml" 2>&1
	if xmllint --noout --schema "$REPO/schemas/junit.xsd" "$WORK/drift.$mode.xml" 2>"$WORK/err"; then
		ok "$mode: drift junit validates"
	else bad "$mode: drift junit validates" "$(cat "$WORK/err" | head -20)"; fi

	# apply
	db=apply_$mode
	newdb "$db" "$mode"
	if out=$("$PGSTAGE" apply --db "dbname=$db" --schema "$H" 2>&1) && survived "$db" && out=$(converged "$db"); then
		ok "$mode: apply: canary survives, re-plan empty"
	else bad "$mode: apply: canary survives, re-plan empty" "$out"; fi
	if "$PGSTAGE" status --db "dbname=$db" --schema "$H" --limit 100 >"$WORK/status.$mode.txt" 2>&1 &&
		no_raw_esc "$WORK/status.$mode.txt" && grep -qF 'esc\x1b[31mred' "$WORK/status.$mode.txt"; then
		ok "$mode: status text: names escaped"
	else bad "$mode: status text: names escaped" "$(cat -v "$WORK/status.$mode.txt" | head -30)"; fi

	# migration files of every runner, replayed as the runner runs them
	mkdir -p "$WORK/$mode"
	for fmt in pgstage goose golang-migrate flyway dbmate prisma; do
		dir=$WORK/$mode/$fmt
		newdb "live_$mode" "$mode"
		if ! out=$("$PGSTAGE" emit --db "dbname=live_$mode" --schema "$H" --dir "$dir" --format "$fmt" --name hostile 2>&1); then
			bad "$mode: emit $fmt" "$out"
			continue
		fi
		db=replay_$mode
		newdb "$db" "$mode"
		out=""
		for e in $(runner_up_entries "$fmt" "$dir"); do
			out=$(runner_apply "$fmt" "$dir" "$e" "$db" up 2>&1) || { out="$e: $out"; break; }
			out=""
		done
		if [ -z "$out" ] && survived "$db" && out=$(converged "$db"); then
			ok "$mode: emit $fmt replayed: canary survives, re-plan empty"
		else bad "$mode: emit $fmt replayed: canary survives, re-plan empty" "$out"; fi
		# a directory that creates everything, replayed by pgstage itself
		# into a scratch database: nothing is left to write
		newdb "live_$mode" "$mode" empty
		dir=$WORK/$mode/from-$fmt
		if out=$("$PGSTAGE" emit --db "dbname=live_$mode" --schema "$H" --dir "$dir" --format "$fmt" --name all 2>&1) &&
			out=$("$PGSTAGE" emit --from-dir "$dir" --db "dbname=postgres" --schema "$H" --format "$fmt" --name again 2>&1) &&
			! grep -q '^wrote' <<<"$out"; then
			ok "$mode: emit --from-dir $fmt replays the directory"
		else bad "$mode: emit --from-dir $fmt replays the directory" "$out"; fi
	done
}

run_mode on
run_mode off

if [ $keep = 1 ] || [ $failed -gt 0 ]; then echo "artefacts kept in $WORK"; else rm -rf "$WORK"; fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
