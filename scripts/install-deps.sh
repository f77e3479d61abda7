#!/usr/bin/env bash
# install-deps.sh - install (with apt) the Debian 12 packages pgstage needs to
# build and test, skipping any that are already installed.  Needs root (or
# sudo) only when something is missing.
set -euo pipefail

PKGS=(
	build-essential gcc clang libclang-rt-14-dev meson ninja-build pkg-config
	libpq-dev libpg-query-dev libprotobuf-c-dev libxml2-dev libxml2-utils
	libjson-c-dev libxxhash-dev libcmocka-dev
	postgresql postgresql-contrib
	diffutils findutils util-linux procps jq python3 python3-junitparser time
)

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
# npm installs the real dbmate for the emit suite (tests/tools/dbmate.sh);
# any npm will do (NodeSource's nodejs ships its own, which Debian's npm
# package would conflict with)
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all ${#PKGS[@]} packages already installed"
	exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; install: ${missing[*]}" >&2; exit 2; }
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The postgresql package may start (or fail to start) a system cluster; tests
# never use it: they start their own with tests/pg/cluster.sh.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
echo "install-deps: done"
