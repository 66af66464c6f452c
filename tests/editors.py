"""Editor accounts for tests: add one to a store, and the session state of one signed in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geo.storage.accounts import Account, add_account

#: The password of every account the tests add.
PASSWORD = "secret-pass-1"


def add_editor(store: Path, name: str = "Asha", *, role: str = "editor", blocks: tuple[str, ...] = ()) -> Account:
    """Add an account with :data:`PASSWORD` to ``store``."""
    return add_account(store, name, role=role, password=PASSWORD, blocks=blocks, created_by="test")


def session_of(name: str) -> dict:
    """What ``ui.editor`` keeps in the session for a signed-in account (active just now)."""
    return {"name": name, "last_seen": dt.datetime.now(dt.UTC)}
