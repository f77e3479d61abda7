# runners.sh - how each migration runner runs the files `pgstage emit`
# writes, emulated with psql: the order it applies them in, the markers it
# honours (a file per transaction, one query, or statement by statement).
# Source it; expects PG* to point at a running cluster and defines
# runner_up_entries, runner_section, runner_run_as and runner_apply.
# runner_apply writes scratch sections into the directory $RUNNER_TMP (set
# it), one file per format, so formats may replay in parallel.

psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# runner_up_entries FMT DIR: up migrations in the order the runner applies them
runner_up_entries() {
	local fmt=$1 dir=$2
	case $fmt in
	pgstage|golang-migrate) ls "$dir" | grep -E '^[0-9]+_.*\.up\.sql$' | sort -n ;;
	goose) ls "$dir" | grep -E '^[0-9]+_.*\.sql$' | sort -n ;;
	flyway) ls "$dir" | grep -E '^V[0-9._]+__.*\.sql$' | sed 's/^V//' | sort -V | sed 's/^/V/' ;;
	dbmate) ls "$dir" | grep -E '^[0-9]+_.*\.sql$' | LC_ALL=C sort ;;
	prisma) ls "$dir" | grep -E '^[0-9]+_' | LC_ALL=C sort ;;
	esac
}

# runner_section FILE BEGIN END: lines after the BEGIN marker line up to END (regexes)
runner_section() {
	awk -v b="$2" -v e="$3" 'BEGIN{IGNORECASE=1} tolower($0) ~ b {on=1; next} e != "" && tolower($0) ~ e {on=0} on' "$1"
}

# runner_run_as MODE DB FILE: tx = one transaction, one = one query, each = psql's
# statement by statement autocommit
runner_run_as() {
	case $1 in
	tx) psqlq -d "$2" -1 -f "$3" ;;
	one) psqlq -d "$2" -c "$(cat "$3")" ;;
	each) psqlq -d "$2" -f "$3" ;;
	esac
}

# runner_apply FMT DIR ENTRY DB up|down: one migration, as its runner runs it
runner_apply() {
	local fmt=$1 dir=$2 e=$3 db=$4 dir_=$5 f tmp=${RUNNER_TMP:?runners.sh: set RUNNER_TMP to a scratch directory}/$1.section.sql
	case $fmt in
	pgstage)
		f=$dir/$e
		[ "$dir_" = down ] && f=${f%.up.sql}.down.sql
		runner_run_as each "$db" "$f" ;;
	goose)
		f=$dir/$e
		if [ "$dir_" = up ]; then runner_section "$f" '^-- \+goose up' '^-- \+goose down' >"$tmp"
		else runner_section "$f" '^-- \+goose down' '' >"$tmp"; fi
		if grep -qi '^-- +goose no transaction' "$f"; then runner_run_as each "$db" "$tmp"; else runner_run_as tx "$db" "$tmp"; fi ;;
	golang-migrate)
		f=$dir/$e
		[ "$dir_" = down ] && f=${f%.up.sql}.down.sql
		runner_run_as one "$db" "$f" ;;
	flyway)
		f=$dir/$e
		[ "$dir_" = down ] && f=$dir/U${e#V}
		if grep -q 'executeInTransaction=false' "$f.conf" 2>/dev/null; then runner_run_as each "$db" "$f"; else runner_run_as tx "$db" "$f"; fi ;;
	dbmate)
		f=$dir/$e
		local marker
		if [ "$dir_" = up ]; then runner_section "$f" '^-- migrate:up' '^-- migrate:down' >"$tmp"; marker=$(grep -m1 '^-- migrate:up' "$f")
		else runner_section "$f" '^-- migrate:down' '' >"$tmp"; marker=$(grep -m1 '^-- migrate:down' "$f"); fi
		case $marker in *transaction:false*) runner_run_as one "$db" "$tmp" ;; *) runner_run_as tx "$db" "$tmp" ;; esac ;;
	prisma)
		f=$dir/$e/migration.sql
		[ "$dir_" = down ] && f=$dir/$e/down.sql
		runner_run_as one "$db" "$f" ;;
	esac
}

