#!/usr/bin/env bash
# fake-pgstage.sh - a stand-in for pgstage, used only to test the harness
# (tests/e2e/selftest.sh).  It is no migration tool: its "plan" drops every
# user object of the database and loads the desired schema, so schemas converge
# but rows are lost, which the runners must notice.
#
#   fake-pgstage.sh plan --db CONNINFO --schema PATH [--format sql] [--allow-drop]
#                        [--reorder-columns]
#   fake-pgstage.sh dump --db CONNINFO
#
# FAKE_PGSTAGE_MODE=noop makes plan print an empty plan (never converges);
# FAKE_PGSTAGE_MODE=crash makes every command exit 2.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../pg/lib.sh"

cmd=${1:-}; shift || true
db= schema=
while [ $# -gt 0 ]; do
	case $1 in
	--db) db=$2; shift 2 ;;
	--schema) schema=$2; shift 2 ;;
	--format) shift 2 ;;
	--allow-drop|--allow-unsupported|--reorder-columns) shift ;;
	*) echo "fake-pgstage: unknown argument $1" >&2; exit 3 ;;
	esac
done
[ "${FAKE_PGSTAGE_MODE:-}" = crash ] && { echo "fake-pgstage: crash requested" >&2; exit 2; }

case $cmd in
dump)
	pg_dump --schema-only -d "$db" | grep -v -E '^\\(restrict|unrestrict)( |$)'
	;;
plan)
	echo "-- fake plan"
	[ "${FAKE_PGSTAGE_MODE:-}" = noop ] && exit 0
	files=$(if [ -d "$schema" ]; then ls "$schema"/*.sql | sort; else echo "$schema"; fi)
	scratch=fake_$$_$RANDOM
	tmp=$(mktemp -d)
	trap 'pg_dropdb "$scratch"; rm -rf "$tmp"' EXIT
	pg_createdb "$scratch" >/dev/null || exit 2
	for f in $files; do pg_load "$scratch" "$f" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 4; }; done
	psql_db=$(psql -X -At -d "$db" -c 'select current_database()') || exit 2
	pg_schema_dump "$psql_db" "$tmp/have" && pg_schema_dump "$scratch" "$tmp/want" || exit 2
	cmp -s "$tmp/have" "$tmp/want" && exit 0
	cat <<'SQL'
DO $fake$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0 LOOP
    EXECUTE format('DROP TYPE IF EXISTS public.%I CASCADE', r.typname);
  END LOOP;
END $fake$;
SQL
	for f in $files; do cat "$f"; echo; done
	;;
*) echo "fake-pgstage: usage: plan|dump" >&2; exit 3 ;;
esac
