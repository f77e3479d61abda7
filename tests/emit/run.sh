#!/usr/bin/env bash
# run.sh - end-to-end tests for `pgstage emit`: migration files for pgstage,
# goose, golang-migrate, Flyway, dbmate and Prisma.
#
#   tests/emit/run.sh [--format NAME]... [--keep]
#
# For each format, against a real server:
#   s1  new tables and an enum           emit, replay, converge
#   s2  enum value + column + table      no-transaction marker, numbering
#                                        continues, old files unchanged
#   s2  again                            nothing written
#   s3  reversible: table, column, index  up then down gives the s2 schema back
#       (concurrently), CHECK (tighten)
#   s2  down                             the enum unit's down says irreversible
#   s4  dropped column (contract)        held without flags; --phase contract
#                                        writes a later migration
#   s5  via --from-dir                   no live database: directory replayed
#                                        into a scratch database, then dropped
#   swap  integer -> bigint, text ->     the first release's downs drop the
#         integer on a 12 000-row table  helpers (no ALTER TYPE back): up then
#                                        down restores the schema; the swap's
#                                        down says irreversible
# "Replay" applies the written up files with psql in the runner's order,
# honouring its transaction markers the way the runner does (a file per
# transaction, one query, or statement by statement), into a fresh
# database; "converge" means `pgstage plan --format sql` there has no
# statement left.  When a dbmate binary is at hand ($DBMATE, PATH, or the
# cache tests/tools/dbmate.sh installs the `dbmate` npm package into, as
# scripts/test.sh does), dbmate itself also runs the dbmate directory: up
# converges with dbmate's schema_migrations in place (the re-plan is empty,
# drift exits 0, a new emit writes nothing); rolling back an irreversible
# migration is refused.  Without one the run says `skipped: ...`.
#
# PGSTAGE names the binary under test (default build/src/cli/pgstage).
# Without PGHOST set the script runs itself under tests/pg/cluster.sh run.
# Prints `ok NAME` / `FAIL NAME: reason`, then `N passed, N failed`.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

formats=()
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--format) formats+=("$2"); shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) sed -n '2,27p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument: $1" >&2; exit 3 ;;
	esac
done
[ ${#formats[@]} = 0 ] && formats=(pgstage goose golang-migrate flyway dbmate prisma)

if [ -z "${PGHOST:-}" ]; then
	args=()
	for f in "${formats[@]}"; do args+=(--format "$f"); done
	[ $keep = 1 ] && args+=(--keep)
	exec "$REPO/tests/pg/cluster.sh" run "$0" "${args[@]}"
fi

PGSTAGE=${PGSTAGE:-$REPO/build/src/cli/pgstage}
case $PGSTAGE in /*) ;; *) PGSTAGE=$(command -v "$PGSTAGE" || echo "$REPO/$PGSTAGE") ;; esac
if [ ! -x "$PGSTAGE" ]; then
	echo "run.sh: no pgstage binary at $PGSTAGE (build it, or set PGSTAGE)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export SOURCE_DATE_EPOCH=1700000000   # timestamp versions: 20231114221320, +1s each

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-emit.XXXXXX")
export RUNNER_TMP=$WORK
chmod 755 "$WORK"
ok() { echo "ok $1"; }
bad() { echo "FAIL $1: $2"; }
scratch_count() { psql -X -At -d postgres -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'pgstage_scratch%'"; }

# fresh_db NAME: an empty database NAME, even if a session still holds the
# old one (WITH (FORCE))
fresh_db() { psqlq -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\""; }

# --- the runner's view of a directory: tests/pg/runners.sh -------------------
# shellcheck source=../pg/runners.sh
. "$REPO/tests/pg/runners.sh"

# replay FMT DIR DB: every up migration of DIR into a fresh DB
replay() {
	fresh_db "$3" || return 1
	local e
	for e in $(runner_up_entries "$1" "$2"); do
		runner_apply "$1" "$2" "$e" "$3" up >"$WORK/$1/replay.log" 2>&1 ||
			{ { echo "replaying $e into $3:"; cat "$WORK/$1/replay.log"; } | tee -a "$WORK/$1/replay-errors.log"; return 1; }
	done
}

# converged DB SCHEMA: planning SCHEMA against DB leaves no statement
converged() {
	local out
	out=$("$PGSTAGE" plan --db "dbname=$1" --schema "$2" --format sql --allow-drop 2>&1) || { echo "$out"; return 1; }
	if echo "$out" | grep -v '^--' | grep -q '[^[:space:]]'; then echo "$out"; return 1; fi
}

dump() { pg_dump -s -x -O "$1" | grep -v -E '^(--|SET |SELECT pg_catalog|\\(un)?restrict |$)'; }

# emit FMT DIR SCHEMA NAME [flags]: against database live_FMT
emit() {
	local fmt=$1 dir=$2 schema=$3 name=$4
	shift 4
	"$PGSTAGE" emit --db "dbname=live_$fmt" --schema "$schema" --dir "$dir" --format "$fmt" --name "$name" "$@"
}

# no_tx_marker FMT DIR ENTRY: the entry is marked to run outside a transaction
no_tx_marker() {
	local fmt=$1 dir=$2 e=$3
	case $fmt in
	pgstage) grep -q '^-- pgstage:no-transaction' "$dir/$e" ;;
	goose) grep -q '^-- +goose NO TRANSACTION' "$dir/$e" ;;
	golang-migrate) ! grep -q '^BEGIN;' "$dir/$e" && [ "$(grep -c ';$' "$dir/$e")" = 1 ] ;;
	flyway) grep -qx 'executeInTransaction=false' "$dir/$e.conf" ;;
	dbmate) grep -q '^-- migrate:up transaction:false' "$dir/$e" ;;
	prisma) [ "$(grep -c ';$' "$dir/$e/migration.sql")" = 1 ] ;;
	esac
}

down_file() {
	case $1 in
	pgstage) echo "$2/${3%.up.sql}.down.sql" ;;
	golang-migrate) echo "$2/${3%.up.sql}.down.sql" ;;
	flyway) echo "$2/U${3#V}" ;;
	prisma) echo "$2/$3/down.sql" ;;
	*) echo "$2/$3" ;;
	esac
}

# --- schemas -----------------------------------------------------------------
S=$WORK/schemas
mkdir -p "$S"
cat >"$S/s1.sql" <<'SQL'
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
SQL
cat >"$S/s2.sql" <<'SQL'
CREATE TYPE mood AS ENUM ('happy', 'meh', 'sad');
CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, mood mood);
CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), body text);
CREATE INDEX posts_user_idx ON posts (user_id);
SQL
cat "$S/s2.sql" >"$S/s3.sql"
cat >>"$S/s3.sql" <<'SQL'
CREATE TABLE tags (id bigint PRIMARY KEY, label text NOT NULL UNIQUE);
ALTER TABLE posts ADD COLUMN title text DEFAULT '' NOT NULL;
CREATE INDEX posts_body_idx ON posts (body);
ALTER TABLE posts ADD CONSTRAINT posts_body_check CHECK (body <> '');
SQL
sed 's/, name text NOT NULL//' "$S/s3.sql" >"$S/s4.sql"
cat "$S/s4.sql" >"$S/s5.sql"
echo "CREATE FUNCTION post_count(u bigint) RETURNS bigint LANGUAGE sql STABLE AS \$\$ SELECT count(*) FROM public.posts WHERE user_id = u; \$\$;" >>"$S/s5.sql"
echo "ALTER TABLE tags ADD COLUMN color text;" >>"$S/s5.sql"

# the bookkeeping table each runner keeps in the database it migrates
declare -A history_ddl=(
	[pgstage]="CREATE SCHEMA pgstage; CREATE TABLE pgstage.history (id bigint PRIMARY KEY)"
	[goose]="CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now())"
	[golang-migrate]="CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)"
	[flyway]="CREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL, success boolean NOT NULL); CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success)"
	[dbmate]="CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)"
	[prisma]="CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, migration_name varchar(255) NOT NULL)"
)

# --- one format ----------------------------------------------------------------
run_format() {
	local fmt=$1 dir=$WORK/$1/migrations t=$1 out n1 n2 e before
	mkdir -p "$WORK/$fmt"
	fresh_db "live_$fmt" >/dev/null 2>&1

	# s1: first migration of an empty directory
	if out=$(emit "$fmt" "$dir" "$S/s1.sql" "create users" 2>&1) && replay "$fmt" "$dir" "r_$fmt" >/dev/null &&
		converged "r_$fmt" "$S/s1.sql" >/dev/null; then ok "$t: s1 new tables converge"
	else bad "$t: s1 new tables converge" "$out"; fi
	# one file per operation (pgstage: one file, a transaction per operation)
	case $fmt in
	pgstage) [ -f "$dir/0001_create_users.up.sql" ] ;;
	goose) [ -f "$dir/00001_create_users_expand_1.sql" ] && [ -f "$dir/00002_create_users_expand_2.sql" ] ;;
	golang-migrate) [ -f "$dir/000001_create_users_expand_1.up.sql" ] && [ -f "$dir/000001_create_users_expand_1.down.sql" ] ;;
	flyway) [ -f "$dir/V1__create_users_expand_1.sql" ] && [ -f "$dir/U1__create_users_expand_1.sql" ] ;;
	dbmate) [ -f "$dir/20231114221320_create_users_expand_1.sql" ] ;;
	prisma) [ -f "$dir/20231114221320_create_users_expand_1/migration.sql" ] && [ -f "$dir/migration_lock.toml" ] ;;
	esac && ok "$t: s1 file names" || bad "$t: s1 file names" "$(ls "$dir")"
	replay "$fmt" "$dir" "live_$fmt" >/dev/null

	# s2: enum value (no transaction), column, table
	n1=$(runner_up_entries "$fmt" "$dir" | wc -l)
	(cd "$dir" && find . -type f | sort | xargs md5sum) >"$WORK/$fmt.sums"
	if out=$(emit "$fmt" "$dir" "$S/s2.sql" "mood and posts" 2>&1) && replay "$fmt" "$dir" "r_$fmt" >/dev/null &&
		converged "r_$fmt" "$S/s2.sql" >/dev/null; then ok "$t: s2 enum value, column, table converge"
	else bad "$t: s2 enum value, column, table converge" "$out"; fi
	n2=$(runner_up_entries "$fmt" "$dir" | wc -l)
	if [ "$n2" -gt "$n1" ] && (cd "$dir" && md5sum --quiet -c "$WORK/$fmt.sums" >/dev/null 2>&1) &&
		[ "$(runner_up_entries "$fmt" "$dir" | head -n "$n1")" = "$(cat <<<"$(runner_up_entries "$fmt" "$dir" | head -n "$n1")")" ]; then
		ok "$t: s2 numbering continues, old files untouched"
	else bad "$t: s2 numbering continues, old files untouched" "$(ls "$dir")"; fi
	local enum_entry=""
	for e in $(runner_up_entries "$fmt" "$dir" | tail -n +$((n1 + 1))); do
		if grep -rq "ADD VALUE 'meh'" "$dir/$e"; then enum_entry=$e; fi
	done
	if [ -n "$enum_entry" ] && no_tx_marker "$fmt" "$dir" "$enum_entry"; then ok "$t: s2 no-transaction marker"
	else bad "$t: s2 no-transaction marker" "entry '$enum_entry'"; fi
	if grep -qi 'irreversible' "$(down_file "$fmt" "$dir" "$enum_entry")"; then ok "$t: s2 enum down says irreversible"
	else bad "$t: s2 enum down says irreversible" "$(down_file "$fmt" "$dir" "$enum_entry")"; fi
	replay "$fmt" "$dir" "live_$fmt" >/dev/null

	# nothing to do: nothing written; the runner's history table is its own
	local count_before count_after
	psqlq -d "live_$fmt" -c "${history_ddl[$fmt]}"
	count_before=$(find "$dir" -type f | wc -l)
	out=$(emit "$fmt" "$dir" "$S/s2.sql" "again" 2>&1)
	count_after=$(find "$dir" -type f | wc -l)
	if [ "$count_before" = "$count_after" ] && grep -q 'No changes' <<<"$out" && ! grep -q held <<<"$out"; then
		ok "$t: no changes, no files, history table left alone"
	else bad "$t: no changes, no files, history table left alone" "$out"; fi
	replay "$fmt" "$dir" "live_$fmt" >/dev/null

	# s3: reversible; up then down in reverse order restores s2
	before=$(dump "live_$fmt")
	n1=$(runner_up_entries "$fmt" "$dir" | wc -l)
	if out=$(emit "$fmt" "$dir" "$S/s3.sql" "tags and titles" 2>&1) && replay "$fmt" "$dir" "live_$fmt" >/dev/null &&
		converged "live_$fmt" "$S/s3.sql" >/dev/null; then ok "$t: s3 up converges"
	else bad "$t: s3 up converges" "$out"; fi
	local downs_ok=1
	for e in $(runner_up_entries "$fmt" "$dir" | tail -n +$((n1 + 1)) | tac); do
		runner_apply "$fmt" "$dir" "$e" "live_$fmt" down >"$WORK/$fmt/down.log" 2>&1 || { downs_ok=0; cat "$WORK/$fmt/down.log"; }
	done
	if [ $downs_ok = 1 ] && [ "$(dump "live_$fmt")" = "$before" ]; then ok "$t: s3 down restores s2"
	else bad "$t: s3 down restores s2" "$(diff <(echo "$before") <(dump "live_$fmt") | head -20)"; fi
	replay "$fmt" "$dir" "live_$fmt" >/dev/null

	# s4: contract held, then written as a later migration
	count_before=$(find "$dir" -type f | wc -l)
	out=$(emit "$fmt" "$dir" "$S/s4.sql" "drop name" 2>&1)
	count_after=$(find "$dir" -type f | wc -l)
	if [ "$count_before" = "$count_after" ] && grep -q 'held: 1 contract' <<<"$out"; then ok "$t: s4 contract held"
	else bad "$t: s4 contract held" "$out"; fi
	if out=$(emit "$fmt" "$dir" "$S/s4.sql" "drop name" --phase contract 2>&1) && replay "$fmt" "$dir" "r_$fmt" >/dev/null &&
		converged "r_$fmt" "$S/s4.sql" >/dev/null; then ok "$t: s4 --phase contract converges"
	else bad "$t: s4 --phase contract converges" "$out"; fi
	e=$(runner_up_entries "$fmt" "$dir" | tail -n 1)
	if grep -qi 'irreversible' "$(down_file "$fmt" "$dir" "$e")"; then ok "$t: s4 dropped column down says irreversible"
	else bad "$t: s4 dropped column down says irreversible" "$e"; fi

	# s5: no live database: the directory replayed into a scratch one
	local copy=$WORK/$fmt/copy
	cp -r "$dir" "$copy"
	if out=$("$PGSTAGE" emit --from-dir "$copy" --db "dbname=postgres" --schema "$S/s5.sql" --format "$fmt" --name "function" 2>&1) &&
		replay "$fmt" "$copy" "r_$fmt" >/dev/null && converged "r_$fmt" "$S/s5.sql" >/dev/null; then
		ok "$t: s5 --from-dir converges"
	else bad "$t: s5 --from-dir converges" "$out"; fi

	# a broken directory: the emit fails, the scratch database is still dropped
	local broken=$WORK/$fmt/broken
	cp -r "$copy" "$broken"
	e=$(runner_up_entries "$fmt" "$broken" | head -n 1)
	if [ -d "$broken/$e" ]; then echo "SELEC broken;" >>"$broken/$e/migration.sql"
	else sed -i 's/^CREATE /CREATEX /' "$broken/$e"; fi
	count_before=$(find "$broken" -type f | wc -l)
	out=$("$PGSTAGE" emit --from-dir "$broken" --db "dbname=postgres" --schema "$S/s5.sql" --format "$fmt" 2>&1)
	local rc=$?
	count_after=$(find "$broken" -type f | wc -l)
	if [ $rc = 2 ] && [ "$count_before" = "$count_after" ] && grep -q 'replaying' <<<"$out"; then
		ok "$t: broken --from-dir fails cleanly"
	else bad "$t: broken --from-dir fails cleanly" "rc=$rc $out"; fi
}

# swap_downs FMT: a column type change big enough for the expand/contract
# swap.  The first release only adds the helper column, trigger and
# functions: its downs drop them (no ALTER ... TYPE back), and up then down
# gives the starting schema back.  The contract release's down says it is
# irreversible (the old column is dropped).
swap_downs() {
	local fmt=$1 dir=$WORK/$1/swap t="$1 swap" out e before db=sw_$1 ups=() downs_ok=1
	fresh_db "$db" >/dev/null 2>&1
	psqlq -d "$db" -c "CREATE TABLE m (id bigint PRIMARY KEY, n integer NOT NULL, code text);
		CREATE INDEX m_n ON m (n);
		INSERT INTO m SELECT g, g, g::text FROM generate_series(1, 12000) g; ANALYZE m"
	echo "CREATE TABLE m (id bigint PRIMARY KEY, n bigint NOT NULL, code integer); CREATE INDEX m_n ON m (n);" >"$WORK/$fmt/swap.sql"
	before=$(dump "$db")
	out=$("$PGSTAGE" emit --db "dbname=$db" --schema "$WORK/$fmt/swap.sql" --dir "$dir" --format "$fmt" --name "widen" 2>&1) ||
		{ bad "$t: emit" "$out"; return; }
	mapfile -t ups < <(runner_up_entries "$fmt" "$dir")
	if grep -rq '__pgstage_new' "$dir" && ! grep -rq 'RENAME COLUMN' "$dir"; then ok "$t: the first release adds the helpers only"
	else bad "$t: the first release adds the helpers only" "$(ls "$dir")"; fi
	local downs
	downs=$(for e in "${ups[@]}"; do cat "$(down_file "$fmt" "$dir" "$e")"; done)
	if grep -q 'DROP COLUMN IF EXISTS code__pgstage_new' <<<"$downs" && grep -q 'DROP TRIGGER IF EXISTS n__pgstage_sync' <<<"$downs" &&
		grep -q 'DROP FUNCTION IF EXISTS public.m_code__pgstage_conv(text)' <<<"$downs" && ! grep -q 'TYPE' <<<"$downs"; then
		ok "$t: downs drop the helper column, trigger and functions, no ALTER TYPE back"
	else bad "$t: downs drop the helper column, trigger and functions, no ALTER TYPE back" "$downs"; fi
	for e in "${ups[@]}"; do runner_apply "$fmt" "$dir" "$e" "$db" up >"$WORK/$fmt/swap.log" 2>&1 || { cat "$WORK/$fmt/swap.log"; downs_ok=0; }; done
	if [ "$(psql -X -At -d "$db" -c "SELECT count(*) FROM pg_attribute WHERE attrelid = 'm'::regclass AND attname LIKE '%__pgstage_new' AND NOT attisdropped")" = 2 ]; then
		ok "$t: up adds both helper columns"
	else bad "$t: up adds both helper columns" "$(cat "$WORK/$fmt/swap.log")"; fi
	for ((i = ${#ups[@]} - 1; i >= 0; i--)); do
		runner_apply "$fmt" "$dir" "${ups[i]}" "$db" down >"$WORK/$fmt/swap.log" 2>&1 || { cat "$WORK/$fmt/swap.log"; downs_ok=0; }
	done
	if [ $downs_ok = 1 ] && [ "$(dump "$db")" = "$before" ]; then ok "$t: up then down restores the schema"
	else bad "$t: up then down restores the schema" "$(diff <(echo "$before") <(dump "$db") | head -20)"; fi
	out=$("$PGSTAGE" emit --db "dbname=$db" --schema "$WORK/$fmt/swap.sql" --dir "$dir.all" --format "$fmt" --name "widen" --allow-drop 2>&1)
	e=$(runner_up_entries "$fmt" "$dir.all" | tail -n 1)
	local up=$dir.all/$e
	[ -d "$up" ] && up=$up/migration.sql
	if grep -q 'RENAME COLUMN' "$up" && grep -qi 'irreversible' "$(down_file "$fmt" "$dir.all" "$e")"; then
		ok "$t: the swap's down says irreversible"
	else bad "$t: the swap's down says irreversible" "$out"; fi
}

# real_dbmate: when a dbmate binary is at hand ($DBMATE, or on PATH; e.g.
# `npm install dbmate`), the dbmate directory also goes through dbmate itself
real_dbmate() {
	local bin=${DBMATE:-$(command -v dbmate || true)} dir=$WORK/dbmate/migrations out
	[ -n "$bin" ] || bin=$REPO/${BUILD_PREFIX:-build}/tools/dbmate/node_modules/.bin/dbmate
	if [ ! -x "$bin" ]; then
		echo "skipped: emit: the real dbmate binary (none at \$DBMATE, on PATH or in the cache; tests/tools/dbmate.sh installs it)"
		return 0
	fi
	[ -d "$dir" ] || return 0
	local url="postgres://${PGUSER:-postgres}@/real_dbmate?host=$PGHOST&port=${PGPORT:-5432}&sslmode=disable"
	fresh_db real_dbmate
	# dbmate's own schema_migrations stays: pgstage leaves a runner's table alone
	if out=$(DATABASE_URL=$url "$bin" --migrations-dir "$dir" --no-dump-schema up 2>&1) &&
		out=$(converged real_dbmate "$S/s4.sql"); then
		ok "dbmate (real binary): up converges, the re-plan is empty"
	else bad "dbmate (real binary): up converges, the re-plan is empty" "$out"; fi
	if [ "$(psqlq -At -d real_dbmate -c "SELECT count(*) FROM schema_migrations")" = "$(runner_up_entries dbmate "$dir" | wc -l)" ]; then
		ok "dbmate (real binary): every file recorded in its schema_migrations"
	else bad "dbmate (real binary): every file recorded in its schema_migrations"; fi
	out=$("$PGSTAGE" drift --db dbname=real_dbmate --schema "$S/s4.sql" 2>&1)
	if [ $? = 0 ]; then ok "dbmate (real binary): drift exits 0 beside schema_migrations"
	else bad "dbmate (real binary): drift exits 0 beside schema_migrations" "$out"; fi
	out=$("$PGSTAGE" emit --db dbname=real_dbmate --schema "$S/s4.sql" --dir "$dir" --format dbmate --allow-drop 2>&1)
	if grep -q 'No changes' <<<"$out"; then ok "dbmate (real binary): a new emit writes nothing"
	else bad "dbmate (real binary): a new emit writes nothing" "$out"; fi
	out=$(DATABASE_URL=$url "$bin" --migrations-dir "$dir" --no-dump-schema rollback 2>&1)
	if [ $? != 0 ] && grep -q 'is irreversible' <<<"$out"; then ok "dbmate (real binary): irreversible rollback refused"
	else bad "dbmate (real binary): irreversible rollback refused" "$out"; fi
}

# formats run side by side: each has its own databases and directories
for fmt in "${formats[@]}"; do
	{ run_format "$fmt"; swap_downs "$fmt"; } >"$WORK/$fmt.result" 2>&1 &
done
wait
for fmt in "${formats[@]}"; do cat "$WORK/$fmt.result"; done
real_dbmate >"$WORK/real.result" 2>&1
cat "$WORK/real.result"
# every --from-dir run, failed ones included, dropped its scratch database
n=$(scratch_count)
if [ "$n" = 0 ]; then ok "scratch databases dropped"; else bad "scratch databases dropped" "$n left"; fi >>"$WORK/all.result"
cat "$WORK/all.result"
passed=$(cat "$WORK"/*.result | grep -c '^ok ')
failed=$(cat "$WORK"/*.result | grep -c '^FAIL ')

if [ $keep = 1 ] || [ "$failed" -gt 0 ]; then echo "artefacts kept in $WORK"; else rm -rf "$WORK"; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
