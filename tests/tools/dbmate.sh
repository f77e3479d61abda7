#!/usr/bin/env bash
# dbmate.sh - the real dbmate binary for the emit suite (tests/emit/run.sh
# runs the emitted dbmate files through it): prints its path, installing
# the `dbmate` npm package (pinned) into a cache under the build tree first
# when it is not there yet.
#
#   tests/tools/dbmate.sh [CACHE_DIR]     default: $REPO/${BUILD_PREFIX:-build}/tools/dbmate
#
# $DBMATE, when set to an executable, is printed as is.  Needs npm (for
# `npm install`; scripts/install-deps.sh installs it) and the network the
# first time.  Exits 1, saying why on stderr, when there is no binary.
set -euo pipefail

DBMATE_VERSION=2.36.0
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${1:-$REPO/${BUILD_PREFIX:-build}/tools/dbmate}
BIN=$CACHE/node_modules/.bin/dbmate

if [ -n "${DBMATE:-}" ] && [ -x "$DBMATE" ]; then
	echo "$DBMATE"
	exit 0
fi
# a binary of the pinned version already in the cache is used as is
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -qF "$DBMATE_VERSION"; then
	echo "$BIN"
	exit 0
fi
command -v npm >/dev/null || { echo "dbmate.sh: npm is needed to install dbmate" >&2; exit 1; }
mkdir -p "$CACHE"
# the package's binary comes in a platform package it depends on
# (@dbmate/linux-x64, ...); --prefix keeps everything in the cache
if ! npm install --prefix "$CACHE" --no-audit --no-fund --no-save --loglevel=error \
	"dbmate@$DBMATE_VERSION" >"$CACHE/npm.log" 2>&1; then
	echo "dbmate.sh: npm install dbmate@$DBMATE_VERSION failed:" >&2
	tail -n 5 "$CACHE/npm.log" >&2
	exit 1
fi
"$BIN" --version >/dev/null 2>&1 || { echo "dbmate.sh: $BIN does not run" >&2; exit 1; }
echo "$BIN"
