"""The PostGIS server for tests: one fresh database per test session.

``postgis_url`` yields the URL of a database of its own, created for the session and dropped
at its end. The server is ``$PANCHAYAT_TEST_DB`` when set (a URL whose role may create
databases), else the project's own local server, started (and, as root with apt, installed)
by ``scripts/db.sh start``. Tests that use it are skipped, with the reason, only when that
server cannot be installed or started; any other failure fails them.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DB_SCRIPT = ROOT / "scripts" / "db.sh"
#: A PostgreSQL URL to test against instead of the project's own server.
TEST_DB_ENV = "PANCHAYAT_TEST_DB"
#: Installing PostgreSQL with apt takes about half a minute; waiting on a busy apt longer.
START_TIMEOUT_S = 900


def server_url() -> str:
    """The URL of the server's main database, starting the project's server when needed.

    Returns
    -------
    str
        ``$PANCHAYAT_TEST_DB`` when set, else what ``scripts/db.sh start`` prints.

    Raises
    ------
    pytest.skip.Exception
        When ``scripts/db.sh`` cannot install or start the server (its error is the reason).
    """
    if os.environ.get(TEST_DB_ENV):
        return os.environ[TEST_DB_ENV]
    try:
        done = subprocess.run(
            ["bash", str(DB_SCRIPT), "start"], capture_output=True, text=True, timeout=START_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"PostGIS tests skipped: scripts/db.sh start took more than {START_TIMEOUT_S} s")
    if done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        reason = errors[-1] if errors else done.stderr.strip()[-300:]
        pytest.skip(f"PostGIS tests skipped: the server could not be installed or started ({reason})")
    return done.stdout.strip()


def with_database(url: str, name: str) -> str:
    """``url`` with its database replaced by ``name``.

    Parameters
    ----------
    url : str
        A ``postgresql://`` URL.
    name : str
        A database name.

    Returns
    -------
    str
        The same server, role and options, database ``name``.
    """
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """A URL to a fresh PostGIS database of this test session, dropped at its end."""
    psycopg = pytest.importorskip("psycopg", reason="PostGIS tests need psycopg (pip install -r requirements.txt)")
    server = server_url()
    name = f"panchayat_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = with_database(server, name)
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        yield url
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def new_schema(url: str, prefix: str = "s") -> str:
    """``url`` with a fresh ``?schema=`` of its own (one store per test in the session's database)."""
    return f"{url}{'&' if '?' in url else '?'}schema={prefix}_{uuid.uuid4().hex[:12]}"


@pytest.fixture(params=["gpkg", "postgis"])
def store_kind(request: pytest.FixtureRequest) -> str:
    """Run a test once on each kind of store: a GeoPackage file and a PostGIS schema."""
    return request.param


def store_of_kind(kind: str, data: object, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """A store of ``kind`` holding ``data`` (a StoreData): a GeoPackage in ``tmp_path`` or a new schema.

    The PostGIS database is asked for only when needed, so the GeoPackage runs need no server.
    """
    if kind == "gpkg":
        from geo.storage.store import write_store

        return write_store(tmp_path / "store.gpkg", data)
    from geo.storage.postgis import write_postgis

    url = new_schema(request.getfixturevalue("postgis_url"))
    write_postgis(url, data)
    return url
