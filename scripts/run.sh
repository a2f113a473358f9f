#!/usr/bin/env bash
# Set up (idempotent) and run docproc's main job on the embedded default store
# (SQLite and a file store under $DOCPROC_HOME, in-process workers).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/docproc serve "$@"
