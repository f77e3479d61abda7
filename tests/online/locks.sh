#!/usr/bin/env bash
# locks.sh - on a table of ROWS (default 1 000 000) rows, the online SET NOT
# NULL and UNIQUE paths never hold ACCESS EXCLUSIVE while they scan, and a
# second connection's inserts keep completing while the plan runs.
#
#   tests/online/locks.sh [ROWS]
#
# How: pgbench inserts single rows on one connection for the whole run
# (per-transaction log), a sampler records every AccessExclusiveLock granted
# on the table together with the holder's statement (pg_locks joined with
# pg_stat_activity, every 10 ms), and the plan runs through psql.  Checks:
#   1. no sample shows ACCESS EXCLUSIVE held by a scanning statement
#      (VALIDATE CONSTRAINT, CREATE INDEX);
#   2. inserts committed while the scanning statements ran;
#   3. the longest insert during the apply stayed under STALL_MS (default 1000;
#      the same plan with --no-online is measured and printed beside it);
#   4. positive control: the sampler does catch the --no-online plan's
#      statements holding ACCESS EXCLUSIVE while they scan.
# Ends with `N passed, N failed`.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PGSTAGE=${PGSTAGE:-$REPO/build/src/cli/pgstage}
ROWS=${1:-1000000}
STALL_MS=${STALL_MS:-1000}
PGBENCH=${PGBENCH:-$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1)}

if [ -z "${PGHOST:-}" ]; then
	exec "$REPO/tests/pg/cluster.sh" run "$0" "$@"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-locks.XXXXXX")
chmod 777 "$work"
passed=0 failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

cat >"$work/to.sql" <<'EOF'
CREATE TABLE big (id bigint PRIMARY KEY, a integer NOT NULL, b integer UNIQUE);
CREATE SEQUENCE ids;
EOF
cat >"$work/insert.sql" <<'EOF'
INSERT INTO big (id, a, b) SELECT n, 1, n FROM (SELECT nextval('ids') + 100000000 AS n) s;
EOF

# Loads the starting state into database $1.
setup() {
	dropdb --if-exists "$1" >/dev/null 2>&1
	createdb "$1"
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" <<EOF
CREATE TABLE big (id bigint PRIMARY KEY, a integer, b integer);
CREATE SEQUENCE ids;
INSERT INTO big SELECT g, g % 1000, g FROM generate_series(1, $ROWS) g;
VACUUM ANALYZE big;
EOF
}

# Runs the plan of mode $2 ("online" or "naive") on database $1 under load;
# leaves $work/$2.* behind.
run_under_load() {
	local db=$1 mode=$2 flags=()
	[ "$mode" = naive ] && flags=(--no-online)
	"$PGSTAGE" plan --db "dbname=$db" --schema "$work/to.sql" --format sql "${flags[@]}" \
		>"$work/$mode.plan.sql" || return 1
	# sampler: AccessExclusiveLock holders on big, with their statement; each
	# sample is its own short transaction (a long one would make CREATE INDEX
	# CONCURRENTLY wait for it)
	printf '%s\n' "INSERT INTO lock_samples SELECT clock_timestamp(), l.mode, a.query FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.relation = 'big'::regclass AND l.granted AND l.mode = 'AccessExclusiveLock' AND a.pid <> pg_backend_pid()" '\watch 0.01' |
		psql -X -q -At -d "$db" >/dev/null 2>&1 &
	local sampler=$!
	(cd "$work" && exec "$PGBENCH" -n -c 1 -j 1 -T 600 -l --log-prefix="$mode.bench" -f "$work/insert.sql" "$db" \
		>"$work/$mode.pgbench.out" 2>&1) &
	local bench=$!
	sleep 2
	local t0 t1
	t0=$(date +%s.%N)
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$work/$mode.plan.sql" >"$work/$mode.apply.log" 2>&1
	local rc=$?
	t1=$(date +%s.%N)
	sleep 1
	kill -INT "$bench" 2>/dev/null
	wait "$bench" 2>/dev/null
	kill "$sampler" 2>/dev/null
	wait "$sampler" 2>/dev/null
	echo "$t0 $t1" >"$work/$mode.window"
	return $rc
}

# Longest transaction (ms) whose start lies in the apply window, from
# pgbench's log: client id, tx no, latency us, script, epoch s, epoch us.
worst_latency_ms() {
	local mode=$1 t0 t1
	read -r t0 t1 <"$work/$mode.window"
	cat "$work/$mode".bench* 2>/dev/null | awk -v t0="$t0" -v t1="$t1" '
		{ end = $5 + $6 / 1e6; start = end - $3 / 1e6;
		  if (end >= t0 && start <= t1 && $3 / 1000 > worst) worst = $3 / 1000 }
		END { printf "%.0f\n", worst }'
}

# Inserts committed while statement $2 (a regex) ran, from the samples of
# when it started/ended according to the apply log timing is not available,
# so: inserts committed during the whole apply window.
inserts_in_window() {
	local mode=$1 t0 t1
	read -r t0 t1 <"$work/$mode.window"
	cat "$work/$mode".bench* 2>/dev/null | awk -v t0="$t0" -v t1="$t1" '
		{ end = $5 + $6 / 1e6; if (end >= t0 && end <= t1) n++ } END { print n + 0 }'
}

for mode in online naive; do
	db=locks_$mode
	setup "$db" || { bad "$mode: setup"; continue; }
	psql -X -q -d "$db" -c "CREATE TABLE lock_samples (at timestamptz, mode text, query text)" >/dev/null
	if ! run_under_load "$db" "$mode"; then
		bad "$mode: apply failed: $(grep -m1 ERROR "$work/$mode.apply.log")"
		continue
	fi
	psql -X -q -At -d "$db" -c "SELECT mode || ' | ' || query FROM lock_samples" >"$work/$mode.samples"
	psql -X -q -At -d "$db" -c "SELECT count(*) FROM big" >"$work/$mode.count"
	echo "$(worst_latency_ms "$mode")" >"$work/$mode.worst"
	echo "$(inserts_in_window "$mode")" >"$work/$mode.inserts"
	if [ "$mode" = online ]; then
		"$PGSTAGE" plan --db "dbname=$db" --schema "$work/to.sql" --format sql \
			>"$work/online.replan.sql" 2>&1
		if grep -v -E '^[[:space:]]*(--.*)?$' "$work/online.replan.sql" | grep -q .; then
			bad "online: re-plan not empty: $(grep -v -E '^[[:space:]]*(--.*)?$' "$work/online.replan.sql" | head -n 1)"
		else
			ok "online: plan applied under load and re-plan is empty"
		fi
		if grep -q -E -i 'VALIDATE CONSTRAINT|CREATE (UNIQUE )?INDEX' "$work/online.samples"; then
			bad "online: ACCESS EXCLUSIVE seen held by a scanning statement: $(grep -m1 -E -i 'VALIDATE|INDEX' "$work/online.samples")"
		else
			ok "online: no ACCESS EXCLUSIVE held while scanning ($(wc -l <"$work/online.samples") AEL samples, all metadata-only statements)"
		fi
		if [ "$(cat "$work/online.inserts")" -gt 0 ]; then
			ok "online: $(cat "$work/online.inserts") inserts committed during the apply"
		else
			bad "online: no insert committed during the apply"
		fi
		if [ "$(cat "$work/online.worst")" -lt "$STALL_MS" ]; then
			ok "online: worst insert latency during the apply $(cat "$work/online.worst") ms < $STALL_MS ms"
		else
			bad "online: worst insert latency during the apply $(cat "$work/online.worst") ms >= $STALL_MS ms"
		fi
	fi
	if [ "$mode" = naive ]; then
		# positive control: the sampler does see a scan under ACCESS EXCLUSIVE
		if grep -q -E -i 'SET NOT NULL|UNIQUE' "$work/naive.samples"; then
			ok "naive: the sampler caught the plain statements scanning under ACCESS EXCLUSIVE ($(wc -l <"$work/naive.samples") samples)"
		else
			bad "naive: the sampler saw no ACCESS EXCLUSIVE scan: it cannot be trusted"
		fi
	fi
	dropdb "$db" >/dev/null 2>&1
done
echo "locks: $ROWS rows; worst insert latency during the apply: online $(cat "$work/online.worst" 2>/dev/null) ms, --no-online $(cat "$work/naive.worst" 2>/dev/null) ms; inserts during the apply: online $(cat "$work/online.inserts" 2>/dev/null), --no-online $(cat "$work/naive.inserts" 2>/dev/null)"
if [ $failed -eq 0 ]; then rm -rf "$work"; else echo "locks: artefacts in $work"; fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
