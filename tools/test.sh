#!/usr/bin/env bash
# The README's test command, and CI's (.ci/run): system packages, a build, every unit and
# integration test, then the crash test (200 SIGKILLs of a durable writer, STORE.md).
#
# SWIFT_SCRATCH_PATH picks the build directory (default .build), for running beside
# another build of the same checkout.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${SWIFT_SCRATCH_PATH:-.build}"
tools/setup.sh --test
# The alerting rules (issue 15): syntax and expressions; AlertRulesTests checks their metrics exist.
promtool check rules deploy/prometheus/alerts.yml
swift build --scratch-path "$scratch"
swift test --scratch-path "$scratch"
crash_args=(--kills 200)
if [[ "$scratch" != ".build" ]]; then crash_args+=(--binary "$scratch/debug/CrashChild"); fi
python3 tools/crash/crash_test.py "${crash_args[@]}"
# The HTTP API (issue 6): SIGKILL `serve` under concurrent durable ingests (every 202 in the log
# exactly once), then schemathesis against a live server (no 5xx, nothing outside the document).
api_binary="$scratch/debug/contactledger"
python3 tools/crash/api_crash_test.py --kills 50 --binary "$api_binary"
tools/api/schemathesis.sh --binary "$api_binary" --examples 10
