#!/usr/bin/env bash
# scale.sh - schema-scale benchmark (issue 3): `pgstage plan` against
# `pg_dump --schema-only` of the same database, run for run in one session.
# A benchmark, not a test: it reports figures, it never fails on them.
#
#   tests/bench/scale.sh [--sizes 100,1000,5000] [--reps 5] [--pgstage BIN]
#                        [--build DIR] [--seed S] [--keep] [--out FILE]
#
# For each size N it generates (tests/bench/gen_schema.py) a schema of N tables
# and a mutated copy (~5% of the tables changed, plus new tables), starts its own
# throwaway cluster (tests/pg/cluster.sh, stopped on exit), loads the original
# with psql in a single transaction, checks that planning the original against
# it prints "No changes", then runs, alternating, --reps repetitions of
#
#   pg_dump   pg_dump --schema-only -d DB -f /dev/null          (the reference)
#   plan      pgstage plan --db DB --schema mutated.sql --allow-drop >/dev/null
#   noop      pgstage plan --db DB --schema original.sql >/dev/null
#   dump      pgstage dump --db DB >/dev/null       (introspection-only proxy)
#   empty     pgstage plan --db EMPTY --schema mutated.sql >/dev/null
#             (parse-heavy proxy: an empty database introspects in no time)
#
# each under /usr/bin/time (peak RSS %M, client CPU %U+%S) with the wall time
# taken around it in nanoseconds, and the server's CPU over the run read from
# /proc (postmaster with reaped backends, plus its live children).  Prints
# Markdown tables of medians and ratios to pg_dump (also written to --out
# FILE), and keeps every run in WORK/runs.tsv with --keep.
#
# Without --pgstage it builds a release binary in build-bench/ (--build DIR).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

sizes=100,1000,5000
reps=5
pgstage=
builddir=$REPO/build-bench
seed=1
keep=0
out=
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=$2; shift 2 ;;
	--sizes=*) sizes=${1#--sizes=}; shift ;;
	--reps) reps=$2; shift 2 ;;
	--reps=*) reps=${1#--reps=}; shift ;;
	--pgstage) pgstage=$2; shift 2 ;;
	--pgstage=*) pgstage=${1#--pgstage=}; shift ;;
	--build) builddir=$2; shift 2 ;;
	--build=*) builddir=${1#--build=}; shift ;;
	--seed) seed=$2; shift 2 ;;
	--seed=*) seed=${1#--seed=}; shift ;;
	--keep) keep=1; shift ;;
	--out) out=$2; shift 2 ;;
	--out=*) out=${1#--out=}; shift ;;
	-h|--help) sed -n '2,28p' "$0"; exit 0 ;;
	*) echo "scale.sh: unknown argument: $1" >&2; exit 3 ;;
	esac
done

log() { echo "scale.sh: $*" >&2; }

# /usr/bin/time (GNU time) for peak RSS; install it only if it is missing.
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		log "installing GNU time"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null ||
			{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null; }
	fi
	[ -x /usr/bin/time ] || { log "needs /usr/bin/time (apt-get install time)"; exit 2; }
fi

if [ -z "$pgstage" ]; then
	if [ ! -f "$builddir/build.ninja" ]; then
		meson setup "$builddir" "$REPO" --buildtype=release >/dev/null
	fi
	ninja -C "$builddir" src/cli/pgstage >/dev/null
	pgstage=$builddir/src/cli/pgstage
fi
[ -x "$pgstage" ] || { log "no pgstage binary at $pgstage"; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-bench.XXXXXX")
chmod 755 "$WORK"
cleanup() {
	"$REPO/tests/pg/cluster.sh" stop "$WORK/pg" || true
	if [ $keep = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$REPO/tests/pg/cluster.sh" start "$WORK/pg"
eval "$("$REPO/tests/pg/cluster.sh" env "$WORK/pg")"
export PGOPTIONS='-c client_min_messages=warning'
# no autovacuum workers running between (and during) the measured runs
psql -X -q -d postgres -c 'ALTER SYSTEM SET autovacuum = off' -c 'SELECT pg_reload_conf()' >/dev/null
# shellcheck source=../pg/lib.sh
. "$REPO/tests/pg/lib.sh"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
server_version=$(psql -X -At -d postgres -c 'show server_version')
pgdump_version=$(pg_dump --version)
runs=$WORK/runs.tsv
printf 'n\tkind\trep\twall_s\trss_kb\tcpu_s\tserver_cpu_s\n' >"$runs"

# server_ticks: CPU clock ticks used so far by this cluster's server: the
# postmaster with its reaped children (exited backends) plus its live children.
postmaster_pid=$(head -n 1 "$WORK/pg/data/postmaster.pid")
server_ticks() {
	local total c
	total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster_pid/stat")
	for c in $(pgrep -P "$postmaster_pid"); do
		total=$((total + $(awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || echo 0)))
	done
	echo "$total"
}
clk_tck=$(getconf CLK_TCK)

# measure N KIND REP CMD...: run CMD (stdout discarded), record wall, peak RSS,
# client CPU and the server's CPU over the run.
measure() {
	local n=$1 kind=$2 rep=$3; shift 3
	local t0 t1 rss ut st s0 s1
	s0=$(server_ticks)
	t0=$(date +%s%N)
	if ! /usr/bin/time -f '%M %U %S' -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/err.out"; then
		log "$kind (N=$n) failed: $(head -c 600 "$WORK/err.out")"
		exit 1
	fi
	t1=$(date +%s%N)
	sleep 0.2 # let the postmaster reap the backend
	s1=$(server_ticks)
	read -r rss ut st < <(tail -n 1 "$WORK/time.out")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$kind" "$rep" \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')" "$rss" \
		"$(awk -v u="$ut" -v s="$st" 'BEGIN { printf "%.2f", u + s }')" \
		"$(awk -v a="$s0" -v b="$s1" -v h="$clk_tck" 'BEGIN { printf "%.2f", (b - a) / h }')" >>"$runs"
}

# median N KIND COLUMN(4=wall, 5=rss, 6=client cpu, 7=server cpu, 8=client+server cpu)
median() {
	awk -F'\t' -v n="$1" -v k="$2" -v c="$3" '$1 == n && $2 == k { print (c == 8 ? $6 + $7 : $c) }' "$runs" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

IFS=, read -r -a size_list <<<"$sizes"
declare -A summary loadtime filesize plansum
for n in "${size_list[@]}"; do
	dir=$WORK/n$n
	log "N=$n: generating"
	summary[$n]=$(python3 "$HERE/gen_schema.py" "$n" "$dir" --seed "$seed")
	filesize[$n]=$(wc -c <"$dir/mutated.sql")
	db=bench_$n
	empty=bench_${n}_empty
	pg_createdb "$db" >/dev/null
	pg_createdb "$empty" >/dev/null
	log "N=$n: loading (${summary[$n]})"
	t0=$(date +%s%N)
	psql -X -q -v ON_ERROR_STOP=1 -1 -d "$db" -f "$dir/original.sql" >/dev/null
	t1=$(date +%s%N)
	loadtime[$n]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
	psql -X -q -d "$db" -c 'VACUUM ANALYZE' >/dev/null

	# correctness guard: the original must plan as "No changes"
	if ! "$pgstage" plan --db "dbname=$db" --schema "$dir/original.sql" >"$WORK/noop.out" 2>&1 ||
		! grep -q 'No changes' "$WORK/noop.out"; then
		log "N=$n: planning the original against its own load is not empty:"
		head -n 40 "$WORK/noop.out" >&2
		exit 1
	fi
	"$pgstage" plan --db "dbname=$db" --schema "$dir/mutated.sql" --allow-drop >"$dir/plan.txt"
	plansum[$n]=$(tail -n 1 "$dir/plan.txt")
	log "N=$n: mutated plan: ${plansum[$n]}"

	# warm-up (caches, catalog pages), not recorded
	pg_dump --schema-only -d "$db" -f /dev/null
	"$pgstage" plan --db "dbname=$db" --schema "$dir/mutated.sql" >/dev/null

	for rep in $(seq 1 "$reps"); do
		log "N=$n: repetition $rep/$reps"
		measure "$n" pg_dump "$rep" pg_dump --schema-only -d "$db" -f /dev/null
		measure "$n" plan "$rep" "$pgstage" plan --db "dbname=$db" --schema "$dir/mutated.sql" --allow-drop
		measure "$n" noop "$rep" "$pgstage" plan --db "dbname=$db" --schema "$dir/original.sql"
		measure "$n" dump "$rep" "$pgstage" dump --db "dbname=$db"
		measure "$n" empty "$rep" "$pgstage" plan --db "dbname=$empty" --schema "$dir/mutated.sql" --allow-drop
	done
	pg_dropdb "$empty"
	# keep catalogs small for the next size
	pg_dropdb "$db"
done

{
	echo "Medians of $reps alternating runs; wall seconds, peak RSS in MB (client process); ratios are pgstage / pg_dump of the same run set."
	echo "$pgdump_version; server $server_version; $("$pgstage" --version 2>/dev/null | head -n 1)."
	echo "Machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM; load average at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)."
	echo
	echo "| tables | desired file | load (psql -1) | pg_dump wall | pg_dump RSS | plan wall | plan RSS | plan/pg_dump wall | plan/pg_dump RSS | no-change plan wall | no-change/pg_dump | dump (introspect) wall | dump/pg_dump | plan vs empty DB (parse) wall | RSS |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for n in "${size_list[@]}"; do
		pd=$(median "$n" pg_dump 4); pdm=$(median "$n" pg_dump 5)
		pl=$(median "$n" plan 4); plm=$(median "$n" plan 5)
		no=$(median "$n" noop 4)
		du=$(median "$n" dump 4)
		em=$(median "$n" empty 4); emm=$(median "$n" empty 5)
		printf '| %s | %s MB | %s s | %s s | %s MB | %s s | %s MB | **%s** | **%s** | %s s | %s | %s s | %s | %s s | %s MB |\n' \
			"$n" "$(awk -v b="${filesize[$n]}" 'BEGIN { printf "%.1f", b / 1048576 }')" "${loadtime[$n]}" \
			"$pd" "$(mb "$pdm")" "$pl" "$(mb "$plm")" "$(ratio "$pl" "$pd")" "$(ratio "$plm" "$pdm")" \
			"$no" "$(ratio "$no" "$pd")" "$du" "$(ratio "$du" "$pd")" "$em" "$(mb "$emm")"
	done
	echo
	echo "CPU seconds, client (user+sys of the measured process) + server (this cluster's processes over the run), medians;"
	echo "unlike wall time these do not depend on how busy the machine is:"
	echo
	echo "| tables | pg_dump client+server | plan client+server | plan/pg_dump CPU | no-change plan | dump (introspect) | plan vs empty DB (parse) |"
	echo "|---:|---:|---:|---:|---:|---:|---:|"
	for n in "${size_list[@]}"; do
		printf '| %s | %s + %s s | %s + %s s | **%s** | %s + %s s | %s + %s s | %s + %s s |\n' "$n" \
			"$(median "$n" pg_dump 6)" "$(median "$n" pg_dump 7)" "$(median "$n" plan 6)" "$(median "$n" plan 7)" \
			"$(ratio "$(median "$n" plan 8)" "$(median "$n" pg_dump 8)")" \
			"$(median "$n" noop 6)" "$(median "$n" noop 7)" "$(median "$n" dump 6)" "$(median "$n" dump 7)" \
			"$(median "$n" empty 6)" "$(median "$n" empty 7)"
	done
	echo
	echo "Growth between sizes (x = factor in tables; linear means wall and RSS-above-baseline grow by about x):"
	echo
	echo "| from → to | tables × | pg_dump wall × | plan wall × | pg_dump CPU × | plan CPU × | plan RSS × | plan/pg_dump wall ratio |"
	echo "|---|---:|---:|---:|---:|---:|---:|---|"
	prev=
	for n in "${size_list[@]}"; do
		if [ -n "$prev" ]; then
			printf '| %s → %s | %s | %s | %s | %s | %s | %s | %s → %s |\n' "$prev" "$n" "$(ratio "$n" "$prev")" \
				"$(ratio "$(median "$n" pg_dump 4)" "$(median "$prev" pg_dump 4)")" \
				"$(ratio "$(median "$n" plan 4)" "$(median "$prev" plan 4)")" \
				"$(ratio "$(median "$n" pg_dump 8)" "$(median "$prev" pg_dump 8)")" \
				"$(ratio "$(median "$n" plan 8)" "$(median "$prev" plan 8)")" \
				"$(ratio "$(median "$n" plan 5)" "$(median "$prev" plan 5)")" \
				"$(ratio "$(median "$prev" plan 4)" "$(median "$prev" pg_dump 4)")" \
				"$(ratio "$(median "$n" plan 4)" "$(median "$n" pg_dump 4)")"
		fi
		prev=$n
	done
	echo
	echo "Generated schemas:"
	echo
	for n in "${size_list[@]}"; do echo "- N=$n: ${summary[$n]}; mutated plan: ${plansum[$n]}"; done
} >"$WORK/report.md"
cat "$WORK/report.md"
[ -n "$out" ] && cp "$WORK/report.md" "$out"
[ $keep = 1 ] && cp "$runs" "$WORK/runs.final.tsv"
exit 0
