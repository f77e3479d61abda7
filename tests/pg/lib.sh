# lib.sh - helpers shared by the convergence runners (tests/e2e, tests/corpus).
# Source it; expects PG* to point at a running cluster (tests/pg/cluster.sh).

# psql that ignores ~/.psqlrc, stops at the first error and is quiet.
pg_psql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# pg_createdb NAME: (re)create an empty database from template0.
pg_createdb() {
	pg_psql -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\" TEMPLATE template0"
}

pg_dropdb() { pg_psql -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1 || true; }

# pg_load DB FILE: run FILE in DB; stop at the first error.
pg_load() { pg_psql -d "$1" -f "$2"; }

# pg_schema_dump DB OUT: pg_dump --schema-only of DB without pgstage's own
# history schema (apply creates it), normalized: no \restrict/\unrestrict
# lines, no -- comment lines, no blank lines, no SET or set_config lines.
# Returns pg_dump's status.
pg_schema_dump() {
	local raw="$2.raw"
	pg_dump --schema-only --exclude-schema=pgstage -d "$1" >"$raw" || return $?
	grep -v -E '^\\(restrict|unrestrict)( |$)|^--|^[[:space:]]*$|^SET |^SELECT pg_catalog\.set_config' "$raw" >"$2" || true
}

# plan_is_empty FILE: true when FILE has no line other than blank lines and
# lines whose first non-blank characters are `--`.
plan_is_empty() { ! grep -q -v -E '^[[:space:]]*(--.*)?$' "$1"; }

# first_line FILE...: the first non-blank line of the files (for reasons).
first_line() { cat "$@" 2>/dev/null | grep -v -E '^[[:space:]]*$' | head -n 1 | cut -c1-200; }

# first_diff_line A B: the first differing line of a unified diff of two files.
first_diff_line() { diff -u "$1" "$2" | grep -E '^[-+][^-+]' | head -n 1 | cut -c1-200; }

# select_cases DIR [PATTERN...]: sets the array `selected` to the case
# directories below DIR (those with from.sql and to.sql) whose name equals,
# globs or contains one of the patterns; all of them without a pattern.
select_cases() {
	local root=$1 dir n p hit
	shift
	selected=()
	for dir in "$root"/*/; do
		dir=${dir%/}
		[ -f "$dir/from.sql" ] && [ -f "$dir/to.sql" ] || continue
		n=$(basename "$dir")
		if [ $# -gt 0 ]; then
			hit=0
			for p in "$@"; do
				# shellcheck disable=SC2053
				[[ $n == $p || $n == *"$p"* ]] && hit=1
			done
			[ $hit = 1 ] || continue
		fi
		selected+=("$dir")
	done
}

# run_all JOBS ITEM...: call `run_case ITEM` for each item in a background
# subshell, at most JOBS at once, and `finish_case ITEM` in the calling shell
# for each, in item order, as soon as it and all items before it are done.
run_all() {
	local jobs=$1; shift
	local items=("$@") pids=() i next=0
	for i in "${!items[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
		# the subshell's stderr (e.g. bash's "Aborted" notices for a
		# crashed binary) goes to RUN_ALL_LOG; case output goes to files
		( run_case "${items[$i]}" ) 2>>"${RUN_ALL_LOG:-/dev/null}" &
		pids[i]=$!
		while [ $next -lt "$i" ] && ! kill -0 "${pids[$next]}" 2>/dev/null; do
			wait "${pids[$next]}" 2>/dev/null
			finish_case "${items[$next]}"
			next=$((next + 1))
		done
	done
	while [ $next -lt ${#items[@]} ]; do
		wait "${pids[$next]}" 2>/dev/null
		finish_case "${items[$next]}"
		next=$((next + 1))
	done
}

# apply_plan DB SCHEMA PLAN_SQL [PLAN_FLAGS...]: bring DB to SCHEMA through
# the path named by $APPLY_PATH: `psql` (default) runs PLAN_SQL, the script
# `pgstage plan --format sql --allow-drop` wrote; `apply` runs `pgstage
# apply --phase all` with the same flags.  Every path a user runs must
# converge the same cases (docs/safety.md, "Execution model").
apply_plan() {
	local db=$1 schema=$2 plan=$3
	shift 3
	case ${APPLY_PATH:-psql} in
	psql) pg_load "$db" "$plan" ;;
	apply) "$PGSTAGE" apply --db "dbname=$db" --schema "$schema" --phase all "$@" ;;
	*) echo "apply_plan: unknown APPLY_PATH '$APPLY_PATH' (psql or apply)" >&2; return 3 ;;
	esac
}
