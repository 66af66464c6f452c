"""``python -m geo.importing``: rewrite the table of import kinds in ``docs/importing.md`` from the registry.

``--check`` changes nothing and exits 1 when the table is stale.
"""

from __future__ import annotations

import sys

from geo.importing.kinds import DOC, documented


def main(argv: list[str]) -> int:
    """Rewrite the table (``--check``: exit 1 when it is stale, change nothing)."""
    text = DOC.read_text(encoding="utf-8")
    current = documented(text)
    if "--check" in argv:
        print(f"{DOC} is {'current' if current == text else 'stale: run python -m geo.importing'}", file=sys.stderr)
        return 0 if current == text else 1
    DOC.write_text(current, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
