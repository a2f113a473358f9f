#!/usr/bin/env bash
# The whole test suite: set-up (idempotent), lint, then pytest on both cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check docproc tests benchmarks scripts
.venv/bin/python -m pytest -n 2 -q "$@"
