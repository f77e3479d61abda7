#!/usr/bin/env bash
# demo.sh - the README's first command: install what is missing, build, start a
# throwaway PostgreSQL, load schemas/demo/from.sql and show the plan that
# brings it to schemas/demo/to.sql; then apply it and plan again.
#
#   scripts/demo.sh [--no-install]
#
# The cluster lives in a temp dir and is stopped and removed at the end.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
B=${BUILD_PREFIX:-build}

if [ "${1:-}" != --no-install ] && [ -z "${PGSTAGE_DEMO_INNER:-}" ]; then
	scripts/install-deps.sh
fi

if [ -z "${PGSTAGE_DEMO_INNER:-}" ]; then
	echo "demo: building pgstage in $B/ (log: $B/demo-build.log)"
	mkdir -p "$B"
	if ! { { [ -f "$B/build.ninja" ] || meson setup "$B" --buildtype=debugoptimized; } &&
		ninja -C "$B" src/cli/pgstage; } >"$B.demo-build.log" 2>&1; then
		tail -n 40 "$B.demo-build.log"
		echo "demo: build failed" >&2
		exit 2
	fi
	mv -f "$B.demo-build.log" "$B/demo-build.log"
	echo "demo: starting a throwaway PostgreSQL cluster"
	PGSTAGE_DEMO_INNER=1 exec tests/pg/cluster.sh run "$0"
fi

PGSTAGE=$REPO/$B/src/cli/pgstage
export PGOPTIONS="-c client_min_messages=warning"
if [ -t 1 ]; then
	step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
else
	step() { printf '\n==> %s\n' "$*"; }
fi

step "load the starting schema: schemas/demo/from.sql"
psql -X -q -v ON_ERROR_STOP=1 -f schemas/demo/from.sql
psql -X -q -c "INSERT INTO customer (email, name, fax) VALUES ('ada@example.org', 'Ada', NULL), ('bob@example.org', 'Bob', '555-0100');
               INSERT INTO orders (customer_id, status, total) VALUES (1, 'paid', 1999), (2, 'new', 500);"

step "pgstage plan --schema schemas/demo/to.sql"
"$PGSTAGE" plan --schema schemas/demo/to.sql --color never

step "pgstage plan --schema schemas/demo/to.sql --format sql   (a psql script)"
plan=$(mktemp --suffix=.sql "${TMPDIR:-/tmp}/pgstage-demo-plan.XXXXXX")
trap 'rm -f "$plan"' EXIT
"$PGSTAGE" plan --schema schemas/demo/to.sql --format sql >"$plan"
cat "$plan"

step "apply it: psql -v ON_ERROR_STOP=1 -f plan.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$plan"
psql -X -c "SELECT id, email, name, created_at IS NOT NULL AS has_created_at FROM customer ORDER BY id" \
	-c "SELECT id, customer_id, status, total FROM orders ORDER BY id"

step "plan again: only the held drop of customer.fax is left"
"$PGSTAGE" plan --schema schemas/demo/to.sql --color never

echo
echo "demo: done (the cluster is removed now). Run every test with: scripts/test.sh"
