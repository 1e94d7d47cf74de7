#!/bin/sh
# deps.sh - install the Debian packages Docket's build, tests and benchmarks
# need, when they are missing.  As root it runs apt-get; otherwise it prints
# the exact command to run.  --quiet prints nothing when all are present.
#
# Each package and why it is there is listed in README.md ("Dependencies").
set -u
PKGS="build-essential pkg-config libxapian-dev xapian-tools xapian-omega
libstemmer-dev libutf8proc-dev libjansson-dev libxml2-dev zlib1g-dev libzstd-dev
libcmocka-dev clang sqlite3 time lighttpd curl python3 python3-jsonschema
chromium wrk libfcgi-dev spawn-fcgi nginx fcgiwrap
apache2-utils"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	[ "${1:-}" = "--quiet" ] || echo "deps: all packages present"
	exit 0
fi
echo "deps: missing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: run as root:  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || exit 1
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing || exit 1
