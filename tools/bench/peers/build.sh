#!/usr/bin/env bash
# Build the C peer benchmarks.
#
# Usage: build.sh [OUT_DIR]      (default /tmp/cl-bench-bin)
#
# -O2 and the system libsqlite3 (Debian 12: 3.40.1, libsqlite3-dev): the
# SQLite peer must be the SQLite a user of this machine would link, not a
# specially tuned amalgamation.
set -euo pipefail

OUT="${1:-/tmp/cl-bench-bin}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CC="${CC:-gcc}"
CFLAGS="${CFLAGS:--O2 -std=c11 -Wall -Wextra}"

mkdir -p "$OUT"
# shellcheck disable=SC2086  # CFLAGS is a word list on purpose
$CC $CFLAGS -o "$OUT/raw_append"   "$HERE/raw_append.c"
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/sqlite_store" "$HERE/sqlite_store.c" -lsqlite3
echo "build: $OUT/raw_append $OUT/sqlite_store" >&2
