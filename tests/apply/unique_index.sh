#!/usr/bin/env bash
# unique_index.sh - a unique index whose concurrent build fails (issue 13,
# item 4): pre-flight counts the duplicates; the failed build is reported
# with the server's DETAIL (the duplicated key) in the output and in the
# history; the INVALID index it leaves is a difference for plan, drift and
# status; once the duplicate is gone a rerun rebuilds it and converges.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
echo "# unique_index"

fresh_db uq1
q uq1 "CREATE TABLE users (id int PRIMARY KEY, email text);
       INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 50) g;
       INSERT INTO users VALUES (51, 'u1')"
cat >"$WORK/want.sql" <<'SQL'
CREATE TABLE users (id int PRIMARY KEY, email text);
CREATE UNIQUE INDEX users_email ON users (email);
SQL
"$PGSTAGE" plan --db dbname=uq1 --schema "$WORK/want.sql" >"$WORK/plan.txt" 2>"$WORK/plan.err"
check "plan refuses the unique index over duplicates (exit 6)" [ $? = 6 ]
check "pre-flight names the count" grep -q "1 duplicate keys for unique index public.users_email" "$WORK/plan.txt"

# the build itself fails (apply's own pre-flight, where it has one, is
# skipped so that the build runs)
skip=()
grep -q -- --no-preflight <<<"$("$PGSTAGE" apply --help 2>/dev/null)" && skip=(--no-preflight)
"$PGSTAGE" apply --db dbname=uq1 --schema "$WORK/want.sql" "${skip[@]}" >"$WORK/1.out" 2>"$WORK/1.err"
check "apply of the unique index fails (exit 2)" [ $? = 2 ]
check "the error carries the server's DETAIL: the duplicated key" \
	grep -q 'Key (email)=(u1) is duplicated' "$WORK/1.err"
check "the history's failed step carries it too" \
	[ "$(q uq1 "SELECT count(*) FROM pgstage.steps WHERE status = 'failed' AND error LIKE '%Key (email)=(u1) is duplicated%'")" = 1 ]
"$PGSTAGE" status --db dbname=uq1 >"$WORK/status1.txt" 2>&1
check "status shows the failed step with the DETAIL" grep -q "Key (email)=(u1) is duplicated" "$WORK/status1.txt"
check "an INVALID index is left behind" \
	[ "$(q uq1 "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email'::regclass")" = f ]

"$PGSTAGE" drift --db dbname=uq1 --schema "$WORK/want.sql" >"$WORK/drift.txt" 2>&1
check "drift exits 1 while the INVALID index exists" [ $? = 1 ]
check "drift says why" grep -q "invalid" "$WORK/drift.txt"
"$PGSTAGE" status --db dbname=uq1 >"$WORK/status.txt" 2>&1
check "status lists the INVALID index" grep -q "^invalid indexes" "$WORK/status.txt"
check "  by name" grep -q "^  public.users_email$" "$WORK/status.txt"
"$PGSTAGE" plan --db dbname=uq1 --schema "$WORK/want.sql" --no-preflight --format sql >"$WORK/replan.sql" 2>&1
check "the plan drops the INVALID index concurrently" \
	grep -q "^DROP INDEX CONCURRENTLY IF EXISTS public.users_email;" "$WORK/replan.sql"
check "and builds it again concurrently" \
	grep -q "^CREATE UNIQUE INDEX CONCURRENTLY users_email ON public.users" "$WORK/replan.sql"

q uq1 "DELETE FROM users WHERE id = 51"
"$PGSTAGE" apply --db dbname=uq1 --schema "$WORK/want.sql" >"$WORK/2.out" 2>"$WORK/2.err"
check "after the duplicate is deleted, apply succeeds" [ $? = 0 ]
check "the index is valid now" \
	[ "$(q uq1 "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email'::regclass")" = t ]
"$PGSTAGE" plan --db dbname=uq1 --schema "$WORK/want.sql" --format sql >"$WORK/final.sql" 2>&1
check "the re-plan is empty" [ "$(grep -c -v -E '^(--|SET |$)' "$WORK/final.sql")" = 0 ]
"$PGSTAGE" drift --db dbname=uq1 --schema "$WORK/want.sql" >/dev/null 2>&1
check "drift exits 0" [ $? = 0 ]
psql -X -q -d uq1 -c "INSERT INTO users VALUES (52, 'u2')" >/dev/null 2>&1
check "the index enforces uniqueness" [ $? != 0 ]
finish
