#!/usr/bin/env bash
# Install, index the bundled sample archive, make the first admin account (its password is
# printed once), and open the search page on http://localhost:8501 (this machine only: pass
# --server.address ADDRESS to listen elsewhere, behind a TLS reverse proxy, see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
. .venv/bin/activate
python -m index build sample_archive
python -m index users init
# The port the page will use: streamlit's default unless --server.port N / --server.port=N is passed.
port=8501
args=("$@")
for i in "${!args[@]}"; do
    case "${args[$i]}" in
        --server.port=*) port="${args[$i]#--server.port=}" ;;
        --server.port) port="${args[$((i + 1))]:-$port}" ;;
    esac
done
echo "Open http://localhost:${port} and sign in with the account above."
exec streamlit run search_app.py --server.headless true --server.address 127.0.0.1 "$@"
