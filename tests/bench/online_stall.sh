#!/usr/bin/env bash
# online_stall.sh - write-stall benchmark of the online forms (issue 4).
# A benchmark, not a test: it reports figures, it never fails on them.
#
#   tests/bench/online_stall.sh [--rows N] [--forms notnull,unique,check,fk,bigint]
#                               [--modes online,naive] [--clients 4] [--threads 2]
#                               [--warmup 2] [--pgstage BIN] [--build DIR]
#                               [--keep] [--out FILE] [--edit-online CMD]
#
# Starts its own throwaway cluster (tests/pg/cluster.sh, stopped on exit),
# builds a template database with a table `big` of N rows (default 10 000 000;
# INSERT ... SELECT generate_series, then VACUUM ANALYZE so reltuples is set)
# and a 100-row `parent`, schema tests/bench/online/from.sql.  Then for each
# form (tests/bench/online/forms/FORM.sql is from.sql with one change) and each
# mode (online = the default plan; naive = --no-online, the reference):
#
#   1. reset: a fresh copy of the template database
#      (CREATE DATABASE ... TEMPLATE ... STRATEGY FILE_COPY: identical start);
#   2. plan:  pgstage plan --format sql --allow-drop [--online-min-rows -1 for
#             bigint] [--no-online]  (the plan is kept in the work directory);
#   3. start pgbench -n -c 4 -j 2 -T 3600 -l with tests/bench/online/update.sql
#      (UPDATE of one row by random primary key) and insert.sql (INSERT of one
#      new row), equal weights; wait --warmup seconds;
#   4. apply: psql -v ON_ERROR_STOP=1 -f plan.sql, timed (the apply window);
#      the apply session logs every statement with its duration
#      (log_min_duration_statement = 0) and the server logs writers' lock
#      waits over 20 ms (log_lock_waits, deadlock_timeout = 20ms);
#   5. stop pgbench one second after the apply; check that re-planning gives
#      an empty plan; compute (tests/bench/online/analyze.py) the worst
#      transaction latency overlapping the window, the longest gap with no
#      commit from any client, the p99 latency, and which apply statement
#      overlapped the worst transaction.
#
# Prints Markdown tables (also written to --out FILE); per-run artefacts (plan,
# apply log, pgbench logs, server-log slice, figures) stay in the work
# directory with --keep.  --edit-online CMD pipes each online plan through CMD
# before it is applied (e.g. tests/bench/online/fix-swap.py, to measure a
# proposed change of the plan).  Without --pgstage it builds a release binary in
# build-obench/ (--build DIR).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
B=$HERE/online

rows=10000000
forms=notnull,unique,check,fk,bigint
modes=online,naive
clients=4
threads=2
warmup=2
pgstage=
builddir=$REPO/build-obench
keep=0
out=
edit_online=
while [ $# -gt 0 ]; do
	case $1 in
	--rows) rows=$2; shift 2 ;;
	--forms) forms=$2; shift 2 ;;
	--modes) modes=$2; shift 2 ;;
	--clients) clients=$2; shift 2 ;;
	--threads) threads=$2; shift 2 ;;
	--warmup) warmup=$2; shift 2 ;;
	--pgstage) pgstage=$2; shift 2 ;;
	--build) builddir=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--out) out=$2; shift 2 ;;
	--edit-online) edit_online=$2; shift 2 ;;
	-h|--help) sed -n '2,41p' "$0"; exit 0 ;;
	*) echo "online_stall.sh: unknown argument: $1" >&2; exit 3 ;;
	esac
done

log() { echo "online_stall.sh: $(date -u +%H:%M:%S) $*" >&2; }

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PGBENCH=$PGBIN/pgbench
[ -x "$PGBENCH" ] || { log "no pgbench at $PGBENCH"; exit 2; }
command -v python3 >/dev/null || { log "needs python3"; exit 2; }

if [ -z "$pgstage" ]; then
	if [ ! -f "$builddir/build.ninja" ]; then
		meson setup "$builddir" "$REPO" --buildtype=release >/dev/null
	fi
	ninja -C "$builddir" src/cli/pgstage >/dev/null
	pgstage=$builddir/src/cli/pgstage
fi
[ -x "$pgstage" ] || { log "no pgstage binary at $pgstage"; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-ostall.XXXXXX")
chmod 755 "$WORK"
BENCH_PID=
cleanup() {
	[ -n "$BENCH_PID" ] && kill "$BENCH_PID" 2>/dev/null
	"$REPO/tests/pg/cluster.sh" stop "$WORK/pg" || true
	if [ "$keep" = 1 ]; then log "artefacts kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "cluster in $WORK/pg"
"$REPO/tests/pg/cluster.sh" start "$WORK/pg"
eval "$("$REPO/tests/pg/cluster.sh" env "$WORK/pg")"
SERVER_LOG=$WORK/pg/server.log
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

q -d postgres >/dev/null <<'EOF'
ALTER SYSTEM SET log_line_prefix = '%n [%p] app=%a ';
ALTER SYSTEM SET log_lock_waits = on;
ALTER SYSTEM SET deadlock_timeout = '20ms';
SELECT pg_reload_conf();
EOF

log "template database: $rows rows"
t_load0=$(date +%s.%N)
q -d postgres -c "CREATE DATABASE tmpl"
q -d tmpl -f "$B/from.sql"
q -d tmpl >/dev/null <<EOF
INSERT INTO parent SELECT g FROM generate_series(1, 100) g;
INSERT INTO big (id, a, b, c, parent_id, n)
  SELECT g, g % 1000, g, g % 100, g % 100 + 1, g FROM generate_series(1, $rows) g;
SELECT setval('big_ids', $rows);
VACUUM ANALYZE;
CHECKPOINT;
EOF
t_load1=$(date +%s.%N)
q -At -d tmpl -c "SELECT 'template: ' || reltuples::bigint || ' estimated rows, ' || pg_size_pretty(pg_total_relation_size('big')) || ' with indexes' FROM pg_class WHERE oid = 'big'::regclass" >&2
log "template loaded in $(awk -v a="$t_load0" -v b="$t_load1" 'BEGIN { printf "%.1f", b - a }') s"

results=$WORK/results.jsonl
: >"$results"
IFS=, read -r -a form_list <<<"$forms"
IFS=, read -r -a mode_list <<<"$modes"
for form in "${form_list[@]}"; do
	[ -f "$B/forms/$form.sql" ] || { log "no form $form"; exit 3; }
	for mode in "${mode_list[@]}"; do
		run=$WORK/runs/$form.$mode
		mkdir -p "$run"
		chmod 777 "$run"
		# 1. reset
		q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS run WITH (FORCE)" -c "CREATE DATABASE run TEMPLATE tmpl STRATEGY FILE_COPY"
		q -d run -c "CHECKPOINT" # not inside the window
		# 2. plan
		flags=()
		[ "$mode" = naive ] && flags+=(--no-online)
		[ "$mode" = online ] && [ "$form" = bigint ] && flags+=(--online-min-rows -1)
		"$pgstage" plan --db "dbname=run" --schema "$B/forms/$form.sql" --format sql --allow-drop "${flags[@]}" >"$run/plan.sql"
		if [ "$mode" = online ] && [ -n "$edit_online" ]; then
			mv "$run/plan.sql" "$run/plan.orig.sql"
			$edit_online <"$run/plan.orig.sql" >"$run/plan.sql"
		fi
		# 3. writers
		log_off=$(stat -c %s "$SERVER_LOG")
		(cd "$run" && exec "$PGBENCH" -n -c "$clients" -j "$threads" -T 3600 -l --log-prefix=bench \
			-D rows="$rows" -f "$B/update.sql" -f "$B/insert.sql" run >"$run/pgbench.out" 2>&1) &
		BENCH_PID=$!
		sleep "$warmup"
		# 4. apply
		t0=$(date +%s.%N)
		rc=0
		PGAPPNAME=pgstage-apply PGOPTIONS="-c log_min_duration_statement=0" \
			psql -X -v ON_ERROR_STOP=1 -d run -f "$run/plan.sql" >"$run/apply.log" 2>&1 || rc=$?
		t1=$(date +%s.%N)
		# 5. stop the writers, check, analyze
		sleep 1
		kill -INT "$BENCH_PID" 2>/dev/null || true
		wait "$BENCH_PID" 2>/dev/null || true
		BENCH_PID=
		tail -c +"$((log_off + 1))" "$SERVER_LOG" >"$run/server.log"
		echo "$t0 $t1" >"$run/window"
		replan=ok
		if [ $rc -ne 0 ]; then
			replan="apply failed: $(grep -m1 ERROR "$run/apply.log" || true)"
		else
			"$pgstage" plan --db "dbname=run" --schema "$B/forms/$form.sql" --format sql --allow-drop >"$run/replan.sql" 2>&1 || true
			if grep -v -E '^[[:space:]]*(--.*)?$' "$run/replan.sql" | grep -q -v '^SET '; then
				replan="re-plan not empty: $(grep -v -E '^[[:space:]]*(--.*)?$' "$run/replan.sql" | grep -v '^SET ' | head -n 1)"
			fi
		fi
		aborted=$(grep -c -i -E 'aborted|error' "$run/pgbench.out" || true)
		python3 "$B/analyze.py" "$run" "$t0" "$t1" "$warmup" >"$run/figures.json"
		python3 - "$run/figures.json" "$form" "$mode" "$replan" "$aborted" >>"$results" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d.update(form=sys.argv[2], mode=sys.argv[3], check=sys.argv[4], pgbench_errors=int(sys.argv[5] or 0))
print(json.dumps(d))
EOF
		python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print("online_stall.sh: %-8s %-6s apply %6.2f s  worst tx %8.1f ms  worst gap %8.1f ms  p99 %6.1f ms  (%s)" % (d["form"], d["mode"], d["apply_s"], d["worst_tx_ms"], d["worst_gap_ms"], d["p99_ms"], d["check"]), file=sys.stderr)' "$results"
	done
done

EDIT_ONLINE=$edit_online python3 "$B/report.py" "$results" "$rows" >"$WORK/report.md"
cat "$WORK/report.md"
[ -n "$out" ] && cp "$WORK/report.md" "$out"
[ "$keep" = 1 ] && cp "$results" "${out:-$WORK/report.md}.jsonl" 2>/dev/null || true
exit 0
