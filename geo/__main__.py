"""``python -m geo``: hands over to the command line, :mod:`cli` (the one module of ``geo/`` that may)."""

from cli import main

raise SystemExit(main())
