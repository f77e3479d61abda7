#!/usr/bin/env bash
# concurrency.sh - 8 runners apply the same schema at once: exactly one
# applies; the others fail fast with exit 7 (default) or, with --lock-wait,
# wait and find nothing left to do.  The schema converges either way.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
echo "# concurrency"

# enough tables that the winner holds the lock while the others arrive
{
	for i in $(seq 1 40); do
		echo "CREATE TABLE t$i (id bigint PRIMARY KEY, name text NOT NULL, created timestamptz DEFAULT now());"
		echo "CREATE INDEX t${i}_name ON t$i (name);"
	done
} >"$WORK/schema.sql"

race() { # race DB EXTRA-ARGS...: 8 runners, outcomes in $WORK/DB.N.{rc,out,err}
	local db=$1; shift
	local pids=()
	for n in 1 2 3 4 5 6 7 8; do
		( "$PGSTAGE" apply --db "dbname=$db" --schema "$WORK/schema.sql" "$@" \
			>"$WORK/$db.$n.out" 2>"$WORK/$db.$n.err"; echo $? >"$WORK/$db.$n.rc" ) &
		pids+=($!)
	done
	wait "${pids[@]}"
}

tally() { # tally DB: sets applied, nothing, locked, other
	applied=0 nothing=0 locked=0 other=0
	for n in 1 2 3 4 5 6 7 8; do
		local rc out
		rc=$(cat "$WORK/$1.$n.rc")
		out=$(metric "$WORK/$1.$n.out" outcome 2>/dev/null)
		if [ "$rc" = 0 ] && [ "$out" = applied ]; then applied=$((applied + 1))
		elif [ "$rc" = 0 ] && [ "$out" = "nothing to do" ]; then nothing=$((nothing + 1))
		elif [ "$rc" = 7 ]; then locked=$((locked + 1))
		else other=$((other + 1)); echo "  runner $n: exit $rc"; sed 's/^/    /' "$WORK/$1.$n.err"
		fi
	done
}

converged() { # a further apply finds nothing to do
	"$PGSTAGE" apply --db "dbname=$1" --schema "$WORK/schema.sql" >"$WORK/$1.again" 2>/dev/null &&
		[ "$(metric "$WORK/$1.again" outcome)" = "nothing to do" ]
}

fresh_db conc_fast
race conc_fast
tally conc_fast
check "fail fast: exactly one runner applied ($applied)" [ "$applied" = 1 ]
check "fail fast: the others exit 7 or find nothing to do ($locked locked, $nothing nothing)" \
	[ $((locked + nothing)) = 7 -a "$other" = 0 ]
check "fail fast: at least one runner was refused with exit 7" [ "$locked" -ge 1 ]
n=1; while [ "$(cat "$WORK/conc_fast.$n.rc")" != 7 ] && [ $n -lt 8 ]; do n=$((n + 1)); done
check "fail fast: the refusal names the lock holder" grep -q "holds the run lock: pid" "$WORK/conc_fast.$n.err"
check "fail fast: schema converged" converged conc_fast
check "fail fast: 40 tables exist" [ "$(q conc_fast "select count(*) from pg_tables where schemaname = 'public'")" = 40 ]

fresh_db conc_wait
race conc_wait --lock-wait 60
tally conc_wait
check "lock-wait: exactly one runner applied ($applied)" [ "$applied" = 1 ]
check "lock-wait: the other 7 waited and found nothing to do ($nothing)" [ "$nothing" = 7 ]
check "lock-wait: schema converged" converged conc_wait
check "lock-wait: history has one run with statements" \
	[ "$(q conc_wait "select count(*) from pgstage.runs where statements > 0")" = 1 ]
check "lock-wait: every run succeeded" \
	[ "$(q conc_wait "select count(*) from pgstage.runs where status <> 'succeeded'")" = 0 ]
finish
