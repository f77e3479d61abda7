#!/usr/bin/env bash
# failure.sh - a statement that fails mid-plan rolls back its own operation
# (each runs in a transaction of its own), nothing after it runs, leaves the
# error in the history and exits 2; after the cause is fixed a rerun
# converges.  Also: data a new CHECK refuses stops the run before anything
# changes (exit 6), and a lock timeout retried then given up cleanly.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
echo "# failure"

fresh_db fail1
boom="CREATE FUNCTION note_boom() RETURNS text LANGUAGE plpgsql STABLE AS \$\$BEGIN RAISE EXCEPTION 'pgstage_test_note: no notes today'; END\$\$"
q fail1 "CREATE TABLE items (id int PRIMARY KEY, qty int); INSERT INTO items VALUES (1, -1), (2, 5); $boom"
cat >"$WORK/bad.sql" <<'SQL'
CREATE FUNCTION note_boom() RETURNS text LANGUAGE plpgsql STABLE AS $$BEGIN RAISE EXCEPTION 'pgstage_test_note: no notes today'; END$$;
CREATE TABLE items (id int PRIMARY KEY, qty int CHECK (qty >= 0), note text DEFAULT note_boom());
CREATE TABLE audit (id int PRIMARY KEY, what text);
SQL
# a row failing the new CHECK: pre-flight refuses before anything changes
"$PGSTAGE" apply --db dbname=fail1 --schema "$WORK/bad.sql" >"$WORK/0.out" 2>"$WORK/0.err"
check "rows failing a new CHECK: refused before anything changed (exit 6)" [ $? = 6 ]
check "nothing was applied (audit was not created)" [ "$(q fail1 "SELECT to_regclass('audit') IS NULL")" = t ]
q fail1 "UPDATE items SET qty = 0 WHERE qty < 0"
# a statement that fails at run time (the default's function raises when
# ADD COLUMN evaluates it): its transaction rolls back, the error is kept
"$PGSTAGE" apply --db dbname=fail1 --schema "$WORK/bad.sql" >"$WORK/1.out" 2>"$WORK/1.err"
check "a failing statement exits 2" [ $? = 2 ]
check "the error names the operation and the server's message" \
	grep -q "error: add column public.items.note text.*: pgstage_test_note: no notes today" "$WORK/1.err"
check "its transaction was rolled back (no column note)" \
	[ "$(q fail1 "SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'note'")" = 0 ]
check "the history row of the failing step has the error" \
	[ "$(q fail1 "SELECT count(*) FROM pgstage.steps WHERE status = 'failed' AND error LIKE '%pgstage_test_note%'")" = 1 ]
check "no other step is recorded as rolled back: each operation is its own transaction" \
	[ "$(q fail1 "SELECT count(*) FROM pgstage.steps WHERE status = 'rolled back'")" = 0 ]
check "every step recorded before the failing one was applied" \
	[ "$(q fail1 "SELECT count(*) FROM pgstage.steps WHERE status NOT IN ('applied', 'failed')")" = 0 ]
check "the run is recorded as failed" [ "$(q fail1 "SELECT status FROM pgstage.runs ORDER BY run_id DESC LIMIT 1")" = failed ]
check "the refused run is in the history too" [ "$(q fail1 "SELECT count(*) FROM pgstage.runs WHERE error LIKE '%pre-flight%'")" = 1 ]
check "the metrics line says success false" [ "$(metric "$WORK/1.out" success)" = false ]
"$PGSTAGE" status --db dbname=fail1 >"$WORK/status.txt" 2>&1
check "status shows the failed step with its error" grep -q "error: pgstage_test_note: no notes today" "$WORK/status.txt"

# fix the cause (the function returns a value now) and rerun
sed 's/BEGIN RAISE EXCEPTION .pgstage_test_note: no notes today.; END/BEGIN RETURN '"'n'"'; END/' "$WORK/bad.sql" >"$WORK/fixed.sql"
"$PGSTAGE" apply --db dbname=fail1 --schema "$WORK/fixed.sql" >"$WORK/3.out" 2>"$WORK/3.err"
check "after fixing the cause the rerun succeeds" [ $? = 0 ]
check "the column has the default's value" [ "$(q fail1 "SELECT string_agg(note, ',') FROM items")" = "n,n" ]
"$PGSTAGE" apply --db dbname=fail1 --schema "$WORK/fixed.sql" >"$WORK/4.out" 2>"$WORK/4.err"
check "and the schema converged" [ "$(metric "$WORK/4.out" outcome)" = "nothing to do" ]

# lock timeouts: a long transaction holds a lock on the table
fresh_db fail2
q fail2 "CREATE TABLE busy (id int PRIMARY KEY)"
echo "CREATE TABLE busy (id int PRIMARY KEY, extra text);" >"$WORK/busy.sql"
psql -X -q -d fail2 -c "BEGIN; SELECT count(*) FROM busy; SELECT pg_sleep(60)" >/dev/null 2>&1 &
holder=$!
sleep 1.5
"$PGSTAGE" apply --db dbname=fail2 --schema "$WORK/busy.sql" --lock-timeout 200 --lock-retries 2 \
	--retry-delay 100 --long-xact 1 >"$WORK/5.out" 2>"$WORK/5.err"
check "a lock that never comes: retried, then exit 2" [ $? = 2 ]
check "each retry is logged" [ "$(grep -c "timed out waiting for a lock" "$WORK/5.err")" = 2 ]
check "the long transaction holding the table is named" grep -q "has been in a transaction for .* holding a lock on public.busy" "$WORK/5.err"
check "the history has the lock timeout" \
	[ "$(q fail2 "SELECT count(*) FROM pgstage.steps WHERE status = 'failed' AND error LIKE '%lock timeout%'")" = 1 ]
check "nothing changed" [ "$(q fail2 "SELECT count(*) FROM pg_attribute WHERE attrelid = 'busy'::regclass AND attname = 'extra'")" = 0 ]
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
q fail2 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'fail2' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()" >/dev/null
"$PGSTAGE" apply --db dbname=fail2 --schema "$WORK/busy.sql" --lock-timeout 2000 >"$WORK/6.out" 2>"$WORK/6.err"
check "once the transaction ends, the rerun applies" [ $? = 0 -a "$(metric "$WORK/6.out" outcome)" = applied ]

# bad input: a clear error, non-zero exit, nothing changed
"$PGSTAGE" apply --db dbname=fail2 --schema "$WORK/missing.sql" >/dev/null 2>"$WORK/7.err"
check "a missing schema file exits non-zero" [ $? != 0 ]
check "and names the file" grep -q "missing.sql" "$WORK/7.err"
"$PGSTAGE" apply --db dbname=fail2 --schema "$WORK/busy.sql" --phase sideways >/dev/null 2>"$WORK/8.err"
check "a bad --phase exits 3" [ $? = 3 ]
"$PGSTAGE" apply --db dbname=fail2 >/dev/null 2>&1
check "neither --schema nor --plan exits 3" [ $? = 3 ]
finish
