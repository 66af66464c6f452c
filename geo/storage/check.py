"""Is a store intact? Its file, its layers, its history and the snapshots of its versions.

:func:`check_store` looks at a store the way a careful person would after a crash, a
full disk or a copy gone wrong, and changes nothing (every file is opened read-only):

1. the file is an SQLite database that SQLite itself finds whole (``PRAGMA integrity_check``);
2. every layer of the data contract (:data:`geo.storage.schema.LAYERS`) is there and reads;
3. the history (the ``store_versions`` table, :mod:`geo.storage.versions`) reads, and which
   changes were interrupted (``pending``) or failed;
4. the rows each version changed (table ``store_changes``, :mod:`geo.storage.history`) are
   there to undo it, and each snapshot an earlier release kept of a version
   (``<store>.versions/v0007.gpkg``) is there and whole.

When something is wrong the report ends with how to get back to the last good
version. :func:`diagnose` says what a failure of any command means (a full disk, a
damaged store, a store another program holds …), so the faces can say it in one
sentence instead of a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.errors import GeoInputError, StoreError
from geo.storage.history import BEGIN, CHANGES_TABLE
from geo.storage.location import is_postgis_url
from geo.storage.schema import LAYERS, META_KEYS
from geo.storage.store import read_layer
from geo.storage.versions import VERSIONS_TABLE, list_versions, versions_dir

__all__ = [
    "SnapshotCheck",
    "StoreCheck",
    "Failure",
    "check_store",
    "damage",
    "snapshot_problem",
    "ensure_restorable",
    "diagnose",
]

_SQLITE_HEADER = b"SQLite format 3\x00"
_SNAPSHOT_NAME = re.compile(r"v(\d{4,})\.gpkg")
#: SQLite result codes (the primary code, the low byte of ``sqlite_errorcode``).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_PERM, _SQLITE_FULL, _SQLITE_CANTOPEN = 5, 6, 8, 3, 13, 14
_DISK_FULL_WORDS = ("database or disk is full", "no space left on device", "disk quota exceeded")


@dataclass(frozen=True)
class SnapshotCheck:
    """One snapshot of a store's history.

    Attributes
    ----------
    version : int
        The version whose "before" state the snapshot holds.
    path : pathlib.Path
        The snapshot file.
    listed : bool
        Whether the history lists it (False: a file found in the folder only).
    problem : str or None
        What is wrong with it (missing, damaged); None when it is whole.
    """

    version: int
    path: Path
    listed: bool
    problem: str | None


@dataclass
class StoreCheck:
    """What :func:`check_store` found.

    Attributes
    ----------
    store : pathlib.Path
        The store checked.
    facts : list of str
        What is there (layers and rows, versions), one line each.
    problems : list of str
        What is wrong with the store's data (the file, a layer).
    history_problem : str or None
        What is wrong with its history (the ``store_versions`` table), if anything.
    history : pandas.DataFrame or None
        The version log (None when the store has none or it cannot be read).
    snapshots : list of SnapshotCheck
        Every snapshot the history lists or the folder holds, oldest first.
    """

    store: Path
    facts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    history_problem: str | None = None
    history: pd.DataFrame | None = None
    snapshots: list[SnapshotCheck] = field(default_factory=list)

    @property
    def damaged(self) -> bool:
        """Whether the store itself (its data or its history) is damaged."""
        return bool(self.problems) or self.history_problem is not None

    @property
    def intact(self) -> bool:
        """Whether the store, its history and every snapshot are whole."""
        return not self.damaged and not any(s.problem for s in self.snapshots)

    def last_good(self) -> SnapshotCheck | None:
        """The newest whole snapshot (the state to go back to), or None."""
        whole = [s for s in self.snapshots if s.problem is None]
        return whole[-1] if whole else None

    def lines(self) -> list[str]:
        """The report: the verdict, what was found, what is wrong, and how to recover."""
        verdict = "intact" if self.intact else ("DAMAGED" if self.damaged else "intact, but some versions are lost")
        out = [f"store {self.store}: {verdict}"]
        out += [f"  {fact}" for fact in self.facts]
        out += [f"  PROBLEM: {problem}" for problem in self.problems]
        out += [f"  PROBLEM: {self.history_problem}"] if self.history_problem else []
        out += [f"  PROBLEM: {s.problem}" for s in self.snapshots if s.problem]
        return out + self._recovery()

    def text(self) -> str:
        """The report as plain text."""
        return "\n".join(self.lines())

    def _recovery(self) -> list[str]:
        if self.intact:
            return []
        if not self.damaged:
            versions = ", ".join(str(s.version) for s in self.snapshots if s.problem)
            return [
                f"The store itself is intact; rollback to before version(s) {versions} is no longer possible "
                "(their snapshots are missing or damaged): move those snapshot files aside. The other versions "
                "can still be rolled back to."
            ]
        if not self.problems:
            return [
                f"Nothing is lost: every layer reads. Only the history is damaged, so `history`, `rollback` and "
                f"imports stop with an error until it is repaired: keep a copy of the store (copy {self.store} to "
                f"{self.store.name}.bak) and ask the app's maintainer to repair the table store_versions. Each "
                f"snapshot in {versions_dir(self.store)} is still a whole store of its time."
            ]
        good = self.last_good()
        if good is None:
            return [
                "No whole snapshot is left: restore the store from a backup copy, or build it again by importing "
                "the district's files (`python -m geo import ...`)."
            ]
        store = self.store
        steps = (
            [
                f"move the damaged store aside: rename {store} to {store.name}.damaged (and {store}-wal, "
                f"{store}-shm if they exist)"
            ]
            if store.exists()
            else []
        )
        steps += [
            f"copy {good.path} to {store}",
            f"run `python -m geo check --store {store}` again; changes made from version {good.version} on "
            "must be imported again",
        ]
        return [
            f"To get back to the last good version (the store as it was before version {good.version}"
            f"{self._change(good)}):",
            *(f"  {n}. {step}" for n, step in enumerate(steps, 1)),
        ]

    def _change(self, snapshot: SnapshotCheck) -> str:
        """The change a snapshot precedes, from the history or the snapshot's own (", import villages … by dio at …").

        A snapshot holds the history up to its own version (logged just before it was taken).
        """
        log = self.history
        if log is None:
            with contextlib.suppress(sqlite3.Error, StoreError):
                log = list_versions(snapshot.path)
        rows = None if log is None else log[log["version"] == snapshot.version]
        if rows is None or rows.empty:
            return ""
        row = rows.iloc[0]
        source = f" from {row['file']}" if row["file"] else ""
        return f", {row['action']}{source} by {row['who']} at {row['at']}"


@dataclass(frozen=True)
class Failure:
    """What a failed command means for the user.

    Attributes
    ----------
    kind : str
        ``input`` (a message the user can act on, as it is), ``disk_full``,
        ``damaged`` (the store), ``busy`` (another program holds the store),
        ``denied`` (no permission) or ``unexpected``.
    detail : str
        The message itself (``input``) or the cause in a few words.
    store : pathlib.Path or None
        The store the command worked on.
    """

    kind: str
    detail: str
    store: Path | None = None


def check_store(path: str | os.PathLike[str], *, snapshots: bool = True) -> StoreCheck:
    """Check that a store, its history and its snapshots are intact; change nothing.

    Parameters
    ----------
    path : path-like
        The store (a GeoPackage).
    snapshots : bool, default True
        Check the snapshots of its versions too.

    Returns
    -------
    StoreCheck
        ``intact`` True when nothing is wrong; otherwise ``lines()`` ends with how
        to get back to the last good version.

    Examples
    --------
    >>> from geo.storage.store import DEMO_STORE
    >>> check_store(DEMO_STORE).intact
    True
    """
    store = Path(path)
    result = StoreCheck(store)
    problem = _file_problem(store)
    if problem is not None:
        result.problems.append(f"the file {problem}")
    else:
        facts, problems = _layer_findings(store)
        result.facts += facts
        result.problems += problems
        result.history, facts, result.history_problem = _history_findings(store)
        result.facts += facts
    if snapshots:
        result.snapshots = _snapshot_checks(store, result.history)
    return result


def damage(path: str | os.PathLike[str]) -> str | None:
    """The first thing wrong with the store itself (file, layers, history), or None when it reads.

    A missing file is not damage (commands say so themselves).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "store.gpkg"
    >>> _ = path.write_text("not a store")
    >>> damage(path)
    'the file is not a GeoPackage (not an SQLite database at all)'
    """
    store = Path(path)
    if not store.exists():
        return None
    found = check_store(store, snapshots=False)
    return found.problems[0] if found.problems else found.history_problem


def snapshot_problem(path: str | os.PathLike[str]) -> str | None:
    """What is wrong with a snapshot file (missing, not SQLite, damaged, a layer missing), or None."""
    snapshot = Path(path)
    if not snapshot.is_file():
        return "is missing"
    problem = _file_problem(snapshot)
    if problem is not None:
        return problem
    tables = _tables(snapshot)
    missing = [name for name, spec in LAYERS.items() if spec.since == "1" and name not in tables]
    return f"lacks the layer(s) {', '.join(missing)}" if missing else None


def ensure_restorable(store: str | os.PathLike[str], version: int) -> None:
    """Check, before a rollback reads it, that the snapshot of ``version`` (if it has one) is there and whole.

    A version the history does not list is left to :func:`geo.storage.versions.rollback`,
    which names the versions there are.

    Raises
    ------
    GeoInputError
        If the snapshot is missing or damaged; the message says which versions can
        still be restored.
    """
    if is_postgis_url(store):  # a server store keeps change rows only: the rollback says if they are gone
        return
    store = Path(store)
    log = list_versions(store)
    rows = log[log["version"] == version]
    if rows.empty or not rows["snapshot"].iloc[0]:  # kept as change rows: the rollback itself says if they are gone
        return
    snapshot = versions_dir(store) / Path(str(rows["snapshot"].iloc[0])).name
    problem = snapshot_problem(snapshot)
    if problem is None:
        return
    whole = [s.version for s in _snapshot_checks(store, log) if s.problem is None]
    others = (
        f"versions that can still be restored: {', '.join(map(str, whole))}"
        if whole
        else "no other version can be restored either"
    )
    msg = (
        f"the snapshot of version {version} ({snapshot}) {problem}, so the store cannot be restored to before "
        f"version {version}; nothing was changed — {others} (`python -m geo check --store {store}`)"
    )
    raise GeoInputError(msg)


def diagnose(err: BaseException, *, store: str | os.PathLike[str] | None = None) -> Failure:
    """Say what a failure means: bad input, a full disk, a damaged or busy store, or an unexpected error.

    Parameters
    ----------
    err : BaseException
        What a command or page raised.
    store : path-like, optional
        The store it worked on (checked with :func:`damage` when the error may come from it).

    Returns
    -------
    Failure
        Its kind and a short detail.
    """
    path = None if store is None or is_postgis_url(store) else Path(store)  # a server store: no file to look at
    chain = _chain(err)
    full = next((e for e in chain if _disk_full(e)), None)
    if full is not None:
        return Failure("disk_full", _one_line(full), path)
    if isinstance(err, GeoInputError) and not isinstance(err, StoreError):
        return Failure("input", str(err), path)
    code = _sqlite_code(err)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return Failure("busy", _one_line(err), path)
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN) or (
        isinstance(err, OSError) and err.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
    ):
        return Failure("denied", _one_line(err), path)
    if isinstance(err, OSError) and err.errno is not None:  # the system's own: a file not found, a folder …
        return Failure("input", str(err), path)
    found = None if path is None else damage(path)
    if found is not None:
        return Failure("damaged", found, path)
    if path is not None and _low_space(path) and (isinstance(err, sqlite3.Error) or _from_gdal(err)):
        return Failure("disk_full", _one_line(err), path)
    if isinstance(err, (StoreError, OSError)):  # OSError: e.g. Arrow's, reading a file with no errno
        return Failure("input", str(err), path)
    if isinstance(err, sqlite3.DatabaseError):
        return Failure("damaged", _one_line(err), path)
    return Failure("unexpected", f"{type(err).__name__}: {_one_line(err)}", path)


# --- private helpers -------------------------------------------------------------------


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10.0)
    try:
        yield con
    finally:
        con.close()


def _file_problem(path: Path) -> str | None:
    """What keeps ``path`` from being a whole GeoPackage, said of it ("is empty (0 bytes)"), or None."""
    if not path.is_file():
        return "does not exist"
    with path.open("rb") as handle:
        head = handle.read(len(_SQLITE_HEADER))
    if not head:
        return "is empty (0 bytes)"
    if head != _SQLITE_HEADER:
        return "is not a GeoPackage (not an SQLite database at all)"
    try:
        with _read_only(path) as con:
            found = [
                row[0].replace("*** in database main ***", "").strip()
                for row in con.execute("PRAGMA integrity_check(5)")
            ]
    except sqlite3.DatabaseError as err:
        return f"cannot be read by SQLite ({_one_line(err)})"
    if found != ["ok"]:  # "ok", or up to five findings
        return f"is damaged (SQLite finds: {_one_line('; '.join(found))})"
    if "gpkg_contents" not in _tables(path):
        return "is an SQLite database but not a GeoPackage (no gpkg_contents table)"
    return None


def _tables(path: Path) -> set[str]:
    with _read_only(path) as con:
        return {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _layer_findings(store: Path) -> tuple[list[str], list[str]]:
    """Every layer of the contract: there (or newer than the store) and readable."""
    tables = _tables(store)
    facts, problems, counts = [], [], []
    for name, spec in LAYERS.items():
        if name not in tables:
            if spec.since == "1":
                problems.append(f"layer {name!r} is missing (every store of this app has it)")
            else:
                facts.append(f"no layer {name!r} yet (a store older than schema {spec.since}; the next import adds it)")
            continue
        try:
            frame = read_layer(store, name, private=True)
        # A damaged layer can make the readers fail in any way (GDAL, SQLite, a type, a geometry):
        # whatever failed is reported as the layer's problem.
        except Exception as err:
            problems.append(f"layer {name!r} cannot be read ({type(err).__name__}: {_one_line(err)})")
            continue
        if name == "meta":
            lacking = [k for k in META_KEYS if k not in set(frame["key"])]
            if lacking:
                problems.append(f"layer 'meta' lacks {', '.join(lacking)}")
        counts.append(f"{name} {len(frame):,}")
    if counts:
        facts.insert(0, f"layers read, rows: {', '.join(counts)}")
    return facts, problems


def _history_findings(store: Path) -> tuple[pd.DataFrame | None, list[str], str | None]:
    """The version log, lines on it (the changes that did not complete too), and what keeps it from being read."""
    if VERSIONS_TABLE not in _tables(store):
        return None, ["no versions yet (imports and rollbacks create them)"], None
    try:
        log = list_versions(store)
        log["version"] = log["version"].astype(int)
    except (sqlite3.Error, ValueError, TypeError) as err:
        return None, [], f"its history (table {VERSIONS_TABLE}) cannot be read ({_one_line(err)})"
    if log.empty:
        return log, ["no versions yet (imports and rollbacks create them)"], None
    last = log.iloc[-1]
    facts = [
        f"{len(log):,} version(s); the last: {last['version']} {last['action']} by {last['who']} at {last['at']} "
        f"({last['state']})"
    ]
    try:
        facts += _kept_changes(store, log)
    except sqlite3.Error as err:
        return log, facts, f"its history of changes (table {CHANGES_TABLE}) cannot be read ({_one_line(err)})"
    for state, what in (("pending", "interrupted"), ("failed", "failed")):
        rows = log[log["state"] == state]
        if len(rows):
            facts.append(
                f"{what}, never applied (the store stayed as before each): version(s) "
                f"{', '.join(map(str, rows['version']))}"
            )
    return log, facts, None


def _kept_changes(store: Path, log: pd.DataFrame) -> list[str]:
    """Lines on the change rows kept to undo the versions, and the versions kept by neither them nor a snapshot."""
    begun: set[int] = set()
    rows = 0
    if CHANGES_TABLE in _tables(store):
        with _read_only(store) as con:
            begun = {int(v) for (v,) in con.execute(f"SELECT version FROM {CHANGES_TABLE} WHERE op = ?", (BEGIN,))}
            (rows,) = con.execute(f"SELECT COUNT(*) FROM {CHANGES_TABLE} WHERE op != ?", (BEGIN,)).fetchone()
    out = [f"{rows:,} changed row(s) kept to undo the versions (table {CHANGES_TABLE})"] if begun else []
    lost = [int(v) for v, name in zip(log["version"], log["snapshot"], strict=True) if not name and int(v) not in begun]
    if lost:
        out.append(
            f"kept neither as changes nor as a snapshot (copied from another store), so they cannot be rolled back "
            f"to: version(s) {', '.join(map(str, lost))}"
        )
    return out


def _snapshot_checks(store: Path, log: pd.DataFrame | None) -> list[SnapshotCheck]:
    """Each snapshot the history lists (missing ones too) and each other ``vNNNN.gpkg`` in the folder.

    A change that never completed (pending, failed) changed nothing: its snapshot, when
    the full disk or the crash left none, is not missed.
    """
    folder = versions_dir(store)
    listed = (
        {}
        if log is None
        else {
            int(v): folder / Path(str(name)).name
            for v, name, state in zip(log["version"], log["snapshot"], log["state"], strict=True)
            if name and (state == "applied" or (folder / Path(str(name)).name).exists())
        }
    )
    found = {}
    if folder.is_dir():
        for file in folder.iterdir():
            match = _SNAPSHOT_NAME.fullmatch(file.name)
            if match:
                found[int(match.group(1))] = file
    checks = []
    for version in sorted(set(listed) | set(found)):
        snapshot = listed.get(version, found.get(version))
        problem = snapshot_problem(snapshot)
        if problem is not None:
            problem = f"the snapshot of version {version} ({snapshot}) {problem}"
        checks.append(SnapshotCheck(version, snapshot, version in listed, problem))
    return checks


def _chain(err: BaseException) -> list[BaseException]:
    """``err`` and the errors it was raised from or while handling, once each."""
    out: list[BaseException] = []
    current: BaseException | None = err
    while current is not None and current not in out:
        out.append(current)
        current = current.__cause__ or current.__context__
    return out


def _disk_full(err: BaseException) -> bool:
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if _sqlite_code(err) == _SQLITE_FULL:
        return True
    return any(words in str(err).lower() for words in _DISK_FULL_WORDS)


def _sqlite_code(err: BaseException) -> int | None:
    code = getattr(err, "sqlite_errorcode", None) if isinstance(err, sqlite3.Error) else None
    return None if code is None else code & 0xFF


def _from_gdal(err: BaseException) -> bool:
    return type(err).__module__.startswith("pyogrio")


def _low_space(store: Path) -> bool:
    """Whether the store's disk lacks the room to write the store once more (an import writes a copy first)."""
    try:
        free = shutil.disk_usage(store.parent if store.parent.exists() else Path.cwd()).free
        size = store.stat().st_size if store.exists() else 0
    except OSError:
        return False
    return free < size + 1024 * 1024


def _one_line(err: BaseException | str) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 200 else f"{text[:197]}…"
