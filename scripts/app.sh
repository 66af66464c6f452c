#!/usr/bin/env bash
# Set up (first run only) and start the app on the embedded DEMO store (serve.py: app.py with its first
# screens worked out as the server starts and the front end gzipped).
# Extra arguments go to `streamlit run` (e.g. --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run serve.py "$@"
