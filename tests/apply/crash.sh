#!/usr/bin/env bash
# crash.sh - a batched backfill over 200k rows is killed with SIGKILL at
# several points and rerun each time; the final table equals (checksum) the
# table of a run never interrupted, and the progress row counts every row
# exactly once.  SIGTERM stops cleanly: exit 143, interruption recorded,
# lock released.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
echo "# crash"
ROWS=${CRASH_ROWS:-200000}

echo "CREATE TABLE big (id bigint PRIMARY KEY, a integer NOT NULL, b integer);" >"$WORK/schema.sql"

# one loaded database, cloned (fast file copy) for each scenario
setup_base() {
	fresh_db crash_base
	q crash_base "CREATE TABLE big (id bigint PRIMARY KEY, a integer NOT NULL, b integer);
		INSERT INTO big SELECT g * 3, (g * 7919) % 100003, NULL FROM generate_series(1, $ROWS) g" &&
		q crash_base "VACUUM ANALYZE big" || return 1
	"$PGSTAGE" plan --db dbname=crash_base --schema "$WORK/schema.sql" --out "$WORK/base.json" >/dev/null || return 1
	jq '.ops = [{"phase": "backfill", "action": "~", "summary": "backfill public.big.b",
		"sql": [], "no_transaction": false, "held": false, "hazards": 0,
		"lock": "ROW EXCLUSIVE", "lock_schema": "public", "lock_table": "big",
		"backfill": {"schema": "public", "table": "big", "key_columns": ["id"],
			"set_sql": "b = a * 2 + 1", "todo_sql": "b IS DISTINCT FROM a * 2 + 1",
			"batch_size": 2000}}]' "$WORK/base.json" >"$WORK/plan.json"
}
setup() { dropdb --if-exists "$1" 2>/dev/null; createdb -T crash_base "$1"; }
checksum() { q "$1" "SELECT md5(string_agg(id || ':' || a || ':' || coalesce(b::text, '-'), ',' ORDER BY id)) FROM big"; }
rows_done() { q "$1" "SELECT coalesce((SELECT rows_done FROM pgstage.backfill_progress), 0)" 2>/dev/null || echo 0; }

setup_base || fail "setup of the base database"
setup crash_ref || fail "setup of the reference database"
"$PGSTAGE" apply --db dbname=crash_ref --plan "$WORK/plan.json" --batch-size 10000 \
	>"$WORK/ref.out" 2>"$WORK/ref.err"
check "uninterrupted backfill succeeds" [ $? = 0 -a "$(metric "$WORK/ref.out" rows_backfilled)" = "$ROWS" ]
REF=$(checksum crash_ref)
check "uninterrupted backfill changed every row" [ "$(q crash_ref "SELECT count(*) FROM big WHERE b = a * 2 + 1")" = "$ROWS" ]

setup crash_kill || fail "setup of the killed database"
prev=0 kills=0 progressed=0
# each run is killed as soon as it has committed a batch more than the last
# one left (fixed delays were flaky: on a quiet machine the whole backfill
# can finish within one of them); 2000-row batches leave many to go
for round in 1 2 3 4 5; do
	"$PGSTAGE" apply --db dbname=crash_kill --plan "$WORK/plan.json" --lock-wait 30 \
		>"$WORK/kill.out" 2>"$WORK/kill.err" &
	pid=$!
	start=$SECONDS
	while kill -0 "$pid" 2>/dev/null && [ "$(rows_done crash_kill)" -le "$prev" ] &&
		[ $((SECONDS - start)) -lt 60 ]; do
		sleep 0.01
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
		kills=$((kills + 1))
	fi
	wait "$pid" 2>/dev/null
	now=$(rows_done crash_kill)
	[ "$now" -gt "$prev" ] && progressed=$((progressed + 1))
	echo "  SIGKILL in run $round: $now rows committed"
	prev=$now
done
check "runs were killed mid-backfill ($kills kills, $progressed made progress)" [ "$kills" -ge 3 -a "$progressed" -ge 3 ]
"$PGSTAGE" apply --db dbname=crash_kill --plan "$WORK/plan.json" --lock-wait 30 \
	>"$WORK/final.out" 2>"$WORK/final.err"
check "the rerun after the kills finishes" [ $? = 0 ]
# when the killed runs left rows to do, the rerun must resume (on a fast
# machine the last killed run may already have finished every batch)
if [ "$prev" -lt 200000 ]; then
	check "the rerun resumed instead of starting over" grep -q "resuming backfill" "$WORK/final.err"
else
	redone=$(metric "$WORK/final.out" rows_backfilled)
	check "the killed runs finished the backfill; the rerun redid no row" [ "$redone" = 0 -o "$redone" = null ]
fi
check "checksum equals the uninterrupted run" [ -n "$REF" -a "$(checksum crash_kill)" = "$REF" ]
check "progress counts every row exactly once ($(rows_done crash_kill))" [ "$(rows_done crash_kill)" = "$ROWS" ]
check "killed runs are recorded as abandoned" \
	[ "$(q crash_kill "SELECT count(*) FROM pgstage.runs WHERE status = 'abandoned'")" -ge 1 ]

# SIGTERM: cancel, roll back the batch, record, release the lock
setup crash_term || fail "setup of the SIGTERM database"
"$PGSTAGE" apply --db dbname=crash_term --plan "$WORK/plan.json" >"$WORK/term.out" 2>"$WORK/term.err" &
pid=$!
sleep 0.8
kill -TERM "$pid"
wait "$pid"
check "SIGTERM exits 143" [ $? = 143 ]
check "SIGTERM records the run as interrupted" \
	[ "$(q crash_term "SELECT status FROM pgstage.runs ORDER BY run_id DESC LIMIT 1")" = interrupted ]
check "SIGTERM records the step as interrupted" \
	[ "$(q crash_term "SELECT status FROM pgstage.steps ORDER BY step_id DESC LIMIT 1")" = interrupted ]
check "the metrics line says interrupted" [ "$(metric "$WORK/term.out" outcome)" = interrupted ]
"$PGSTAGE" apply --db dbname=crash_term --plan "$WORK/plan.json" --phase expand >"$WORK/term2.out" 2>"$WORK/term2.err"
check "SIGTERM released the lock: the next run (no --lock-wait) gets it at once" [ $? = 0 ]
check "after SIGTERM no batch is half done" \
	[ "$(q crash_term "SELECT count(*) FROM big WHERE b = a * 2 + 1")" = "$(rows_done crash_term)" ]
finish
