#!/usr/bin/env bash
# Set up (first run only), check the code with ruff (config in pyproject.toml), then run
# the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
