# lib.sh - shared helpers of the apply end-to-end tests (sourced).
# Each test gets its own database; PG* must point at a server (run.sh
# starts a throwaway cluster when it does not).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PGSTAGE=${PGSTAGE:-$ROOT/build/src/cli/pgstage}
case $PGSTAGE in /*) ;; *) PGSTAGE=$PWD/$PGSTAGE ;; esac
PASS=0
FAIL=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-apply-test.XXXXXX")
chmod 777 "$WORK"

ok() { PASS=$((PASS + 1)); echo "ok   $*"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $*"; }
check() { # check DESCRIPTION CONDITION...
	local what=$1; shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
fresh_db() { dropdb --if-exists "$1" 2>/dev/null; createdb "$1"; }
# the value of a field of the metrics line (last JSON line of stdout)
metric() { tail -n 1 "$1" | jq -r ".$2"; }
finish() {
	[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}
# the user schemas as pg_dump --schema-only prints them (the pgstage history
# schema and pg_dump's random \restrict keys left out): equal before and
# after a refused run
user_schema() { pg_dump --schema-only --exclude-schema=pgstage -d "$1" | grep -v '^\\\(un\)\?restrict '; }
