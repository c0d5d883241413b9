#!/usr/bin/env bash
# Contact reads over HTTP on loopback at a steady offered rate (PERFORMANCE.md: profile
# p99 < 10 ms and contacts page p99 < 50 ms at 1,000 req/s on 1 M contacts). Serves an
# existing data directory (e.g. one made by `ProjectionBench leads DIR --contacts 1000000`
# and caught up), samples 10,000 of its contacts, and runs wrk with tools/bench/http/read.lua
# for the profile and then the contacts page. wrk has no fixed-rate mode: read.lua paces
# requests on a fixed grid of --rate per second (pacing.lua); the achieved rate is printed
# with the latencies.
#
# Usage: tools/bench/http/wrk_read.sh --data DIR [--binary PATH] [--rate 1000]
#        [--connections 20] [--duration 30s]
set -euo pipefail
cd "$(dirname "$0")/../../.."
binary=.build/release/contactledger
data=""
rate=1000
connections=20
duration=30s
while (($# > 0)); do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) echo "wrk_read.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n "$data" ]] || { echo "wrk_read.sh: --data DIR is required" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk_read.sh: install wrk (apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d)
token=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
printf '{"tokens":[{"token":"%s","scope":"admin"}]}\n' "$token" > "$work/tokens.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CONTACTLEDGER_LOG_LEVEL=warning "$binary" serve --data "$data" --port "$port" --tokens "$work/tokens.json" \
  > /dev/null 2> "$work/serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.1; done
python3 - "$data" "$work/sample.txt" <<'PY'
import random, sqlite3, sys, os
data, out = sys.argv[1], sys.argv[2]
generation = open(os.path.join(data, "readmodel", "CURRENT")).read().strip()
path = generation if os.path.isabs(generation) else os.path.join(data, "readmodel", generation)
db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
count = db.execute("SELECT COUNT(*) FROM contacts").fetchone()[0]
random.seed(1)
ids = sorted(random.sample(range(1, count + 1), min(10000, count)))
rows = [db.execute("SELECT storeId, phone FROM contacts WHERE rowid = ?", (i,)).fetchone() for i in ids]
with open(out, "w") as f:
    for row in rows:
        if row: f.write(f"{row[0]} {row[1]}\n")
print(f"== {count} contacts in the read model; {len(rows)} sampled")
PY
for mode in profile page; do
  echo "== wrk -t2 -c$connections -d$duration, $mode, offered $rate req/s (paced)"
  TOKEN="$token" MODE="$mode" SAMPLE="$work/sample.txt" RATE="$rate" THREADS=2 PACING_DIR="$PWD/tools/bench/http" \
    wrk -t2 -c"$connections" -d"$duration" --latency -s tools/bench/http/read.lua "$base" | sed -n '/requests /,$p'
done
