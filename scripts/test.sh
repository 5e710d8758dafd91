#!/usr/bin/env bash
# Lint, format check and the test suite (installs first when .venv is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/install.sh
. .venv/bin/activate
ruff check .
ruff format --check .
python -m pytest "$@"
