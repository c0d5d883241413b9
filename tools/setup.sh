#!/usr/bin/env bash
# Installs what building and testing ContactLedger needs from Debian, and only what is
# missing: zlib and SQLite headers (and python3 for the crash test). Uses sudo only when
# not root. Safe to run again: with everything present it changes nothing.
#
# `--test` adds what only the tests need (tools/test.sh passes it): promtool, from Debian's
# prometheus package, to check the alerting rules (deploy/prometheus/alerts.yml).
set -euo pipefail

packages=(zlib1g-dev libsqlite3-dev)
# The mail poller's tests start a real Dovecot IMAP server and make TLS certificates (issue 5).
packages+=(dovecot-imapd openssl)
# The HTTP API checks (tools/api/schemathesis.sh) talk to the live server with curl (issue 6).
packages+=(curl)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(prometheus)
fi
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
command -v python3 >/dev/null 2>&1 || missing+=(python3)

if ((${#missing[@]} > 0)); then
  sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "setup: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: no swift on PATH; install the Swift 6 toolchain (swift.org/install/linux) and run this again" >&2
  exit 1
fi
