#!/usr/bin/env bash
# cluster.sh - a throwaway PostgreSQL cluster for tests, demos and benchmarks.
#
#   cluster.sh start DIR    initdb + start in DIR (created), private socket in DIR/sock
#   cluster.sh stop DIR     stop it (idempotent)
#   cluster.sh env DIR      print the export lines that point libpq at it
#   cluster.sh run CMD...   start a cluster in a fresh temp dir, run CMD with PG*
#                           pointing at it, stop and remove it however CMD ends
#
# As root the server runs as the `postgres` user (the server refuses root).
# No TCP port is opened: clients connect through the socket directory, so
# parallel clusters never collide.
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PGBIN/initdb" ] || { echo "cluster.sh: no PostgreSQL server binaries found (apt-get install postgresql)" >&2; exit 2; }

as_owner() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
	local dir=$1
	mkdir -p "$dir/sock"
	[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
	as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; return 1; }
	cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_locks_per_transaction = 1024
max_connections = 100
CONF
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
		{ cat "$dir/server.log" >&2; return 1; }
}

stop() {
	local dir=$1
	[ -f "$dir/data/postmaster.pid" ] || return 0
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
}

env_lines() {
	local dir=$1
	echo "export PGHOST='$dir/sock' PGPORT=5432 PGUSER=postgres PGDATABASE=postgres"
	echo "unset PGPASSWORD DATABASE_URL PGSERVICE"
}

run() {
	RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-pg.XXXXXX")
	local dir=$RUN_DIR
	chmod 755 "$dir"
	trap 'stop "$RUN_DIR"; rm -rf "$RUN_DIR"' EXIT
	trap 'exit 130' INT TERM
	start "$dir"
	eval "$(env_lines "$dir")"
	"$@"
}

cmd=${1:-}
shift || true
case "$cmd" in
start) start "$1" ;;
stop) stop "$1" ;;
env) env_lines "$1" ;;
run) run "$@" ;;
*) echo "usage: cluster.sh start|stop|env DIR | run CMD..." >&2; exit 3 ;;
esac
