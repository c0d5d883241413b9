#!/usr/bin/env bash
# Runs schemathesis (PyPI, pinned) against a live `contactledger serve` on 127.0.0.1 with the
# document the server itself serves at /openapi.json: property-based requests on every
# operation (positive and negative), a bounded number of examples each. Fails on any 5xx,
# any undocumented status or content type, and any response that breaks its schema.
#
# Usage: tools/api/schemathesis.sh [--binary PATH] [--examples N] [--seed N]
# The server gets a fresh data directory with the two fixture stores registered, so the
# store-scoped routes reach the handlers instead of answering 404 only.
set -euo pipefail
cd "$(dirname "$0")/../.."

binary=.build/debug/contactledger
examples=20
seed=20261123
while (($# > 0)); do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --examples) examples="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    *) echo "schemathesis.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

venv=.build-venv/schemathesis
if [[ ! -x "$venv/bin/schemathesis" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi

data=$(mktemp -d)
token=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
printf '{"tokens":[{"token":"%s","scope":"admin"}]}\n' "$token" > "$data/tokens.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$binary" serve --data "$data" --port "$port" --tokens "$data/tokens.json" > "$data/serve.out" 2> "$data/serve.log" &
pid=$!
cleanup() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fs "$base/health" >/dev/null 2>&1 && break
  sleep 0.1
done
fixtures=../shared/fixtures/stores
[[ -d "$fixtures" ]] || fixtures=Tests/CommandsTests/Fixtures/shared/stores
for store in "$fixtures"/*.json; do
  curl -fs -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" --data-binary "@$store" "$base/v1/stores" >/dev/null
done

SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH=tools/api "$venv/bin/schemathesis" run "$base/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "$examples" --seed "$seed" --workers 1 --no-color \
  --request-timeout 10
