#!/usr/bin/env bash
# Install, index the bundled sample archive, and open the search page on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
. .venv/bin/activate
python -m index build sample_archive
exec streamlit run search_app.py --server.headless true "$@"
