#!/usr/bin/env bash
# Durable ingest over HTTP on loopback (PERFORMANCE.md: p99 < 10 ms at 2,000 req/s on 2 cores):
# starts a release `contactledger serve` on a fresh data directory, registers the Moss Beach
# store, and runs wrk (Debian) with tools/bench/http/ingest.lua at each connection count given.
# wrk is closed-loop: each run reports its achieved rate and latencies. With --rate R,
# ingest.lua paces requests on a fixed grid of R per second (pacing.lua) — how the p99 at
# 2,000 req/s is measured. Each connection count given is one run, in order, on the same
# server (a repeated count shows the same load on a store that already holds the contacts).
#
# Usage: tools/bench/http/wrk_ingest.sh [--binary PATH] [--duration 20s] [--rate R] [CONNECTIONS...]
set -euo pipefail
cd "$(dirname "$0")/../../.."
binary=.build/release/contactledger
duration=20s
rate=0
while (($# > 0)); do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    *) break ;;
  esac
done
connections=("${@:-4 16 64}")
command -v wrk >/dev/null || { echo "wrk_ingest.sh: install wrk (apt-get install wrk)" >&2; exit 1; }

data=$(mktemp -d)
token=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
printf '{"tokens":[{"token":"%s","scope":"admin"}]}\n' "$token" > "$data/tokens.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CONTACTLEDGER_LOG_LEVEL=warning "$binary" serve --data "$data" --port "$port" --tokens "$data/tokens.json" > /dev/null 2> "$data/serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.1; done
fixtures=../shared/fixtures/stores
[[ -d "$fixtures" ]] || fixtures=Tests/CommandsTests/Fixtures/shared/stores
curl -fs -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  --data-binary "@$fixtures/moss-beach.json" "$base/v1/stores" > /dev/null

run=0
for c in ${connections[@]}; do
  run=$((run + 1))
  offered="closed loop"
  ((rate > 0)) && offered="offered $rate req/s (paced)"
  echo "== wrk -t2 -c$c -d$duration (durable ingest, POST /v1/ingest/ringcentral/message; $offered)"
  TOKEN="$token" RUN="$run" RATE="$rate" THREADS=2 PACING_DIR="$PWD/tools/bench/http" wrk -t2 -c"$c" -d"$duration" --latency -s tools/bench/http/ingest.lua "$base" | sed -n '/requests /,$p'
done
echo "== after the runs: $(curl -fs "$base/health")"
