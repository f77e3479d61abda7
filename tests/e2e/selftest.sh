#!/usr/bin/env bash
# selftest.sh - checks that tests/e2e/run.sh tells success from failure, by
# pointing it at tests/e2e/fake-pgstage.sh (a stand-in that converges schemas
# by dropping and reloading everything, so it loses rows).  Exits non-zero
# when the runner misjudges any of the expectations below.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

if [ -z "${PGSTAGE_TEST_CLUSTER:-}" ]; then
	export PGSTAGE_TEST_CLUSTER=1
	exec "$REPO/tests/pg/cluster.sh" run "$0" "$@"
fi

export PGSTAGE=$HERE/fake-pgstage.sh
# the artefacts of the (intended) failures go to a directory removed at exit
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/pgstage-selftest.XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
bad=0
expect() { # expect MODE CASE REGEX-of-the-case-line
	local mode=$1 case=$2 want=$3 out
	out=$(FAKE_PGSTAGE_MODE=$mode "$HERE/run.sh" -j 1 --case "$case" 2>&1)
	if printf '%s\n' "$out" | grep -q -E -- "$want"; then
		echo "selftest: ok   ($mode $case: $want)"
	else
		echo "selftest: FAIL ($mode $case: wanted /$want/), runner said:"
		printf '%s\n' "$out" | sed 's/^/    /'
		bad=1
	fi
}
expect real 002-create-schema '^ok 002-create-schema$'
expect real 002-create-schema '^1 passed, 0 failed$'
expect real 015-alter-int-to-bigint '^FAIL 015-alter-int-to-bigint: check: '
expect real 015-alter-int-to-bigint '^0 passed, 1 failed$'
expect noop 004-create-table '^FAIL 004-create-table: schema: '
expect noop 001-noop-identical '^ok 001-noop-identical$'
expect crash 003-drop-schema '^FAIL 003-drop-schema: plan: exit 2'
expect real 050-bad-desired-schema '^FAIL 050-bad-desired-schema: plan: '
# a plan without the warning that expect-warning asks for fails
expect real 097-column-order-warning-default '^FAIL 097-column-order-warning-default: plan: no plan warning matches expect-warning'

# the corpus runner: a listed case that does not converge fails the run, an
# unlisted one that converges is a note
if [ -d "$REPO/../shared/corpus/migra" ]; then
	printf 'everything\n' >"$TMPDIR/expected.txt"
	out=$(CORPUS_EXPECTED=$TMPDIR/expected.txt "$REPO/tests/corpus/run.sh" -j 2 --case everything --case enumdeps 2>&1)
	rc=$?
	if [ $rc != 0 ] && printf '%s\n' "$out" | grep -q '^1 passed, 1 failed, 0 skipped$' &&
		printf '%s\n' "$out" | grep -q 'REGRESSION: everything' &&
		printf '%s\n' "$out" | grep -q 'note: enumdeps now converges'; then
		echo "selftest: ok   (corpus runner: regression fails, new convergence is a note)"
	else
		echo "selftest: FAIL (corpus runner misjudged; exit $rc), it said:"
		printf '%s\n' "$out" | sed 's/^/    /'
		bad=1
	fi
else
	echo "selftest: skipped (corpus runner: ../shared/corpus/migra not found beside the repository)"
fi
[ $bad = 0 ] && echo "selftest: the runners tell passing from failing cases"
exit $bad
