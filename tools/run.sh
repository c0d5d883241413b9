#!/usr/bin/env bash
# The README's first command: installs the missing system packages (tools/setup.sh), builds a
# release `contactledger`, and starts `contactledger serve --demo` on 127.0.0.1: on the first
# run the demo history (4 stores, ~1,000 people, 4 weeks, ~11 k events) is generated into an
# empty data directory; the server then prints its URL and the admin token. Ctrl-C stops it.
#
# Environment: CONTACTLEDGER_DEMO_DATA (default var/demo) is the data directory;
# CONTACTLEDGER_PORT (default 8080) the port; SWIFT_SCRATCH_PATH (default .build) the build
# directory. Extra arguments go to `serve` (e.g. --imap-url …).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${SWIFT_SCRATCH_PATH:-.build}"
data="${CONTACTLEDGER_DEMO_DATA:-var/demo}"
port="${CONTACTLEDGER_PORT:-8080}"

tools/setup.sh
echo "run: building contactledger (release; from a clean clone this takes about 20 minutes on two cores)" >&2
swift build -c release --scratch-path "$scratch" --product contactledger
binary="$scratch/release/contactledger"
exec "$binary" serve --demo --data "$data" --host 127.0.0.1 --port "$port" "$@"
