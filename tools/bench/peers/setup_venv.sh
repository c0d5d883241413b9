#!/usr/bin/env bash
# Create a throwaway venv holding the pinned Python `eventsourcing` peer.
#
# Usage: setup_venv.sh [VENV_DIR]      (default /tmp/cl-bench-venv)
#
# Idempotent: if the venv already imports the pinned version, nothing is
# downloaded. The pin is deliberate: figures in docs/BENCHMARKS.md and
# /work/shared/spec/PERFORMANCE.md were taken against 9.5.6, and a peer that
# silently upgrades is no longer the same yardstick.
set -euo pipefail

VENV="${1:-/tmp/cl-bench-venv}"
ES_VERSION="9.5.6"   # latest 9.x on PyPI when this was written
PY="${PYTHON:-python3}"

if [ -x "$VENV/bin/python" ] &&
   "$VENV/bin/python" - "$ES_VERSION" <<'PYEOF' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if version("eventsourcing") == sys.argv[1] else 1)
PYEOF
then
    echo "setup_venv: $VENV already has eventsourcing==$ES_VERSION" >&2
    exit 0
fi

echo "setup_venv: creating $VENV with eventsourcing==$ES_VERSION" >&2
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "eventsourcing==$ES_VERSION"
"$VENV/bin/python" -c 'import eventsourcing.sqlite' # fail loudly if broken
echo "setup_venv: ready: $VENV/bin/python" >&2
