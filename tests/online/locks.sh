#!/usr/bin/env bash
# locks.sh - every online form at once on a table of ROWS (default 1 000 000)
# rows, through every path a user runs, under concurrent reads and writes.
#
#   tests/online/locks.sh [ROWS] [--path NAME]...
#
# The change: one table gains SET NOT NULL, a CHECK, a FOREIGN KEY, a
# UNIQUE constraint, a new index and an integer -> bigint type change (the
# expand/contract swap), all released at once (--phase all / --allow-drop).
# Paths:
#   apply    pgstage apply --phase all
#   psql     pgstage plan --format sql | psql
#   pgstage, goose, dbmate
#            pgstage emit --allow-drop, then the files applied in the
#            runner's order honouring its transaction markers
#            (tests/pg/runners.sh; dbmate's real binary when $DBMATE or a
#            dbmate on PATH is at hand)
#   naive    positive control: plan --no-online through psql
# How: pgbench runs inserts, updates of existing rows and primary-key reads
# on two connections for the whole run (per-transaction log); a sampler
# records every AccessExclusiveLock granted on the table with the holder's
# statement (pg_locks joined with pg_stat_activity, every 10 ms).
# Checks per path: the apply succeeds and the re-plan is empty; rows are
# kept; no sample shows ACCESS EXCLUSIVE held by a statement that scans
# (VALIDATE, CREATE INDEX, UPDATE, DO); the worst write and the worst read
# during the apply stay under STALL_MS (default 100).  The naive path must
# show both the scan under ACCESS EXCLUSIVE and a stall over STALL_MS, or
# the measurement cannot be trusted.
# Ends with `N passed, N failed`; prints a table of worst latencies.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PGSTAGE=${PGSTAGE:-$REPO/build/src/cli/pgstage}
STALL_MS=${STALL_MS:-100}
PGBENCH=${PGBENCH:-$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1)}
ROWS=1000000
paths=()
while [ $# -gt 0 ]; do
	case $1 in
	--path) paths+=("$2"); shift 2 ;;
	[0-9]*) ROWS=$1; shift ;;
	-h|--help) sed -n '2,30p' "$0"; exit 0 ;;
	*) echo "locks.sh: unknown argument: $1" >&2; exit 3 ;;
	esac
done
[ ${#paths[@]} = 0 ] && paths=(apply psql pgstage goose dbmate naive)

if [ -z "${PGHOST:-}" ]; then
	args=("$ROWS")
	for p in "${paths[@]}"; do args+=(--path "$p"); done
	exec "$REPO/tests/pg/cluster.sh" run "$0" "${args[@]}"
fi
# shellcheck source=../pg/runners.sh
. "$REPO/tests/pg/runners.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-locks.XXXXXX")
chmod 777 "$work"
export RUNNER_TMP=$work
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
passed=0 failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

cat >"$work/to.sql" <<'EOF'
CREATE TABLE ref (id integer PRIMARY KEY);
CREATE TABLE big (
    id bigint PRIMARY KEY,
    a integer NOT NULL,
    b integer UNIQUE,
    c integer CHECK (c >= 0),
    ref_id integer REFERENCES ref (id),
    k bigint
);
CREATE INDEX big_c_idx ON big (c);
CREATE SEQUENCE ids;
EOF
cat >"$work/insert.sql" <<'EOF'
INSERT INTO big (id, a, b, c, ref_id, k) SELECT n, 1, n, 1, 1, n FROM (SELECT nextval('ids') + 100000000 AS n) s;
EOF
cat >"$work/update.sql" <<EOF
\set rid random(1, $ROWS)
UPDATE big SET a = a + 1 WHERE id = :rid;
EOF
cat >"$work/read.sql" <<EOF
\set rid random(1, $ROWS)
SELECT * FROM big WHERE id = :rid;
EOF
# script numbers in pgbench's log: 0 insert, 1 update (writes), 2 read

# The starting state, built once and copied per path (createdb -T).
psql -X -q -v ON_ERROR_STOP=1 -d postgres <<EOF || { echo "locks: setup failed"; echo "0 passed, 1 failed"; exit 1; }
CREATE DATABASE locks_template;
\c locks_template
CREATE TABLE ref (id integer PRIMARY KEY);
INSERT INTO ref SELECT g FROM generate_series(1, 1000) g;
CREATE TABLE big (id bigint PRIMARY KEY, a integer, b integer, c integer, ref_id integer, k integer);
INSERT INTO big SELECT g, g % 1000, g, g % 100, g % 1000 + 1, g FROM generate_series(1, $ROWS) g;
CREATE SEQUENCE ids;
VACUUM ANALYZE;
EOF
checksum() { psql -X -At -d "$1" -c "SELECT count(*), sum(b), sum(c), sum(ref_id), sum(k) FROM big WHERE id <= $ROWS"; }
expected_sum=$(checksum locks_template)

# apply_path PATH DB: runs the change through PATH; output in $work/PATH.log
apply_path() {
	local path=$1 db=$2 dir=$work/$1.migrations e
	case $path in
	apply)
		"$PGSTAGE" apply --db "dbname=$db" --schema "$work/to.sql" --phase all ;;
	psql|naive)
		psqlq -d "$db" -f "$work/$path.plan.sql" ;;
	pgstage|goose|dbmate)
		if [ "$path" = dbmate ] && [ -n "$dbmate_bin" ]; then
			"$dbmate_bin" --url "postgres://${PGUSER:-postgres}@/$db?host=$PGHOST&port=${PGPORT:-5432}&sslmode=disable" \
				--migrations-dir "$dir" --no-dump-schema up
			return
		fi
		for e in $(runner_up_entries "$path" "$dir"); do
			runner_apply "$path" "$dir" "$e" "$db" up || { echo "in $e"; return 1; }
		done ;;
	esac
}

# prepare PATH DB: what the path needs before the clock starts
prepare() {
	local path=$1 db=$2
	case $path in
	psql) "$PGSTAGE" plan --db "dbname=$db" --schema "$work/to.sql" --format sql --allow-drop >"$work/psql.plan.sql" ;;
	naive) "$PGSTAGE" plan --db "dbname=$db" --schema "$work/to.sql" --format sql --allow-drop --no-online >"$work/naive.plan.sql" ;;
	pgstage|goose|dbmate)
		"$PGSTAGE" emit --db "dbname=$db" --schema "$work/to.sql" --dir "$work/$path.migrations" \
			--format "$path" --allow-drop --name locks >/dev/null ;;
	esac
}

# run_under_load PATH DB: the change under load; leaves $work/PATH.* behind
run_under_load() {
	local path=$1 db=$2
	# sampler, every 10 ms, into a file (a table would be dropped by the plan):
	# who holds ACCESS EXCLUSIVE on big, with its statement; which statement
	# a pgbench session waits behind, when it waits for a lock
	printf '%s\n' "SELECT 'holder', l.mode, regexp_replace(a.query, '\\s+', ' ', 'g') FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.relation = 'big'::regclass AND l.granted AND l.mode = 'AccessExclusiveLock' AND a.pid <> pg_backend_pid() UNION ALL SELECT 'blocker', w.wait_event, regexp_replace(b.query, '\\s+', ' ', 'g') FROM pg_stat_activity w, unnest(pg_blocking_pids(w.pid)) bp(pid), pg_stat_activity b WHERE w.application_name = 'pgbench' AND w.wait_event_type = 'Lock' AND b.pid = bp.pid" '\watch 0.01' |
		psql -X -q -At -F ' | ' -d "$db" >"$work/$path.samples" 2>/dev/null &
	local sampler=$!
	(cd "$work" && exec "$PGBENCH" -n -c 2 -j 2 -T 900 -l --log-prefix="$path.bench" \
		-f "$work/insert.sql@1" -f "$work/update.sql@1" -f "$work/read.sql@2" "$db" \
		>"$work/$path.pgbench.out" 2>&1) &
	local bench=$!
	sleep 2
	local t0 t1 rc
	t0=$(date +%s.%N)
	apply_path "$path" "$db" >"$work/$path.log" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	sleep 1
	kill -INT "$bench" 2>/dev/null
	wait "$bench" 2>/dev/null
	kill "$sampler" 2>/dev/null
	wait "$sampler" 2>/dev/null
	echo "$t0 $t1" >"$work/$path.window"
	return $rc
}

# worst_ms PATH SCRIPTS: longest transaction (ms) of pgbench scripts matching
# the regex SCRIPTS that overlapped the apply window.  Log columns: client,
# transaction, latency us, script, epoch s, epoch us (of the end).
worst_ms() {
	local t0 t1
	read -r t0 t1 <"$work/$1.window"
	cat "$work/$1".bench* 2>/dev/null | awk -v t0="$t0" -v t1="$t1" -v s="$2" '
		$4 ~ s { end = $5 + $6 / 1e6; start = end - $3 / 1e6;
		  if (end >= t0 && start <= t1 && $3 / 1000 > worst) worst = $3 / 1000 }
		END { printf "%.0f\n", worst }'
}

count_in_window() {
	local t0 t1
	read -r t0 t1 <"$work/$1.window"
	cat "$work/$1".bench* 2>/dev/null | awk -v t0="$t0" -v t1="$t1" -v s="$2" '
		$4 ~ s { end = $5 + $6 / 1e6; if (end >= t0 && end <= t1) n++ } END { print n + 0 }'
}

dbmate_bin=${DBMATE:-$(command -v dbmate || true)}
summary=()
for path in "${paths[@]}"; do
	db=locks_$path
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db TEMPLATE locks_template" >/dev/null ||
		{ bad "$path: copy of the starting database"; continue; }
	if ! prepare "$path" "$db" 2>"$work/$path.prepare.err"; then
		bad "$path: planning or emitting failed: $(head -n 3 "$work/$path.prepare.err")"
		continue
	fi
	if ! run_under_load "$path" "$db"; then
		bad "$path: the change failed: $(grep -m1 -E 'ERROR|error' "$work/$path.log")"
		continue
	fi
	grep '^holder' "$work/$path.samples" >"$work/$path.holders"
	grep '^blocker' "$work/$path.samples" | sort | uniq -c | sort -rn >"$work/$path.blockers"
	w=$(worst_ms "$path" '^[01]$') r=$(worst_ms "$path" '^2$')
	writes=$(count_in_window "$path" '^[01]$') reads=$(count_in_window "$path" '^2$')
	summary+=("$(printf '%-8s worst write %6s ms, worst read %6s ms, %6s writes and %6s reads during the change, %4s ACCESS EXCLUSIVE samples' \
		"$path" "$w" "$r" "$writes" "$reads" "$(wc -l <"$work/$path.holders")")")
	# scanning statements: VALIDATE, index builds, UPDATE, the batched
	# backfill's DO $tag$ block (not the lock-taking DO '...' statement);
	# in the naive plan also SET NOT NULL and ALTER ... TYPE (the online
	# SET NOT NULL follows a validated check and reads no rows)
	scan_re='ALTER TABLE [^|]* VALIDATE CONSTRAINT|CREATE (UNIQUE )?INDEX|UPDATE |DO \$|ALTER TABLE [^|]* TYPE '
	[ "$path" = naive ] && scan_re="$scan_re|ALTER TABLE [^|]* SET NOT NULL"
	scanning=$(grep -m1 -E -i "AccessExclusiveLock \| *($scan_re)" "$work/$path.holders")
	if [ "$path" = naive ]; then
		if [ -n "$scanning" ]; then ok "naive: the sampler caught a statement scanning under ACCESS EXCLUSIVE"
		else bad "naive: the sampler saw no scan under ACCESS EXCLUSIVE: it cannot be trusted"; fi
		if [ "$w" -ge "$STALL_MS" ]; then ok "naive: writes stalled ${w} ms (>= $STALL_MS ms): the measurement sees a stall"
		else bad "naive: writes stalled only ${w} ms: the measurement cannot be trusted"; fi
		continue
	fi
	if "$PGSTAGE" plan --db "dbname=$db" --schema "$work/to.sql" --format sql --allow-drop >"$work/$path.replan.sql" 2>&1 &&
		! grep -q -v -E '^[[:space:]]*(--.*)?$' "$work/$path.replan.sql"; then
		ok "$path: applied under load, re-plan empty"
	else
		bad "$path: re-plan not empty: $(grep -m1 -v -E '^[[:space:]]*(--.*)?$' "$work/$path.replan.sql")"
	fi
	if [ "$(checksum "$db")" = "$expected_sum" ]; then ok "$path: the $ROWS rows kept their values"
	else bad "$path: rows changed: $(checksum "$db") != $expected_sum"; fi
	if [ -z "$scanning" ]; then ok "$path: no ACCESS EXCLUSIVE held by a scanning statement"
	else bad "$path: ACCESS EXCLUSIVE held while scanning: $scanning"; fi
	if [ "$writes" -gt 0 ] && [ "$reads" -gt 0 ]; then ok "$path: reads and writes completed during the change"
	else bad "$path: no reads or writes completed during the change"; fi
	if [ "$w" -lt "$STALL_MS" ]; then ok "$path: worst write ${w} ms < $STALL_MS ms"
	else bad "$path: worst write ${w} ms >= $STALL_MS ms; lock waits seen: $(head -n 3 "$work/$path.blockers" | tr '\n' ';')"; fi
	if [ "$r" -lt "$STALL_MS" ]; then ok "$path: worst read ${r} ms < $STALL_MS ms"
	else bad "$path: worst read ${r} ms >= $STALL_MS ms; lock waits seen: $(head -n 3 "$work/$path.blockers" | tr '\n' ';')"; fi
	psql -X -q -d postgres -c "DROP DATABASE $db" >/dev/null 2>&1
done
echo "locks: $ROWS rows, NOT NULL + CHECK + FOREIGN KEY + UNIQUE + index + integer -> bigint at once${dbmate_bin:+ (dbmate: real binary)}"
printf '  %s\n' "${summary[@]}"
if [ $failed -eq 0 ]; then rm -rf "$work"; else echo "locks: artefacts in $work"; fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
