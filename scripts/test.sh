#!/usr/bin/env bash
# Set up (first run only), check the code with ruff (lint and format; config in pyproject.toml), then run
# the whole test suite, one worker per core (pytest-xdist; each test file stays in one
# worker, so its module fixtures, e.g. the browser tests' server, start once). Extra
# arguments go to pytest (e.g. -n 0 to run in one process).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest -n auto --dist loadfile "$@"
