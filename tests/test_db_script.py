"""``scripts/db.sh``: the local PostgreSQL + PostGIS server, and the test database on it.

The server is started once per session (``postgis_url`` in ``tests/postgis.py``); these tests
then ask it small questions and drive the script's other answers, each in well under a second.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from postgis import DB_SCRIPT, TEST_DB_ENV, server_url, with_database

URL = re.compile(r"^postgresql://panchayat:[A-Za-z0-9_-]+@127\.0\.0\.1:(\d+)/panchayat$")


def db_sh(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/db.sh args`` with extra environment ``env``."""
    return subprocess.run(
        ["bash", str(DB_SCRIPT), *args], capture_output=True, text=True, timeout=120, env={**os.environ, **env}
    )


@pytest.fixture(scope="session")
def local_server(postgis_url: str) -> str:
    """The URL of the project's own server (``scripts/db.sh``), started by ``postgis_url``."""
    if os.environ.get(TEST_DB_ENV):
        pytest.skip(f"${TEST_DB_ENV} points the tests at another server; scripts/db.sh's own is not used")
    return with_database(postgis_url, "panchayat")


def test_postgis_answers(postgis_url: str) -> None:
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(postgis_url) as connection:
        version = connection.execute("SELECT postgis_version()").fetchone()[0]
        database = connection.execute("SELECT current_database()").fetchone()[0]
    assert version.startswith("3.")
    assert database.startswith("panchayat_test_")


def test_geometry_round_trips_in_wgs84(postgis_url: str) -> None:
    psycopg = pytest.importorskip("psycopg")
    polygon = "POLYGON((86.7 23.9,86.9 23.9,86.9 24.1,86.7 23.9))"
    with psycopg.connect(postgis_url) as connection:
        connection.execute("CREATE TABLE panchayats (name text, geom geometry(Polygon, 4326))")
        connection.execute("INSERT INTO panchayats VALUES (%s, ST_GeomFromText(%s, 4326))", ("Kundhit", polygon))
        row = connection.execute("SELECT name, ST_AsText(geom), ST_SRID(geom) FROM panchayats").fetchone()
        connection.rollback()
    assert row == ("Kundhit", polygon, 4326)


def test_start_again_finds_it_running(local_server: str) -> None:
    done = db_sh("start")
    assert done.returncode == 0
    assert done.stdout == f"{local_server}\n"
    assert "… already running on port" in done.stderr
    assert "installing" not in done.stderr


def test_url_and_status_name_the_running_server(local_server: str) -> None:
    url = db_sh("url")
    status = db_sh("status")
    assert (url.returncode, url.stdout) == (0, f"{local_server}\n")
    assert (status.returncode, status.stdout) == (0, f"{local_server}\n")
    port = URL.match(local_server).group(1)
    assert f"db: running on 127.0.0.1:{port}, data in " in status.stderr


def test_a_taken_port_is_refused_in_one_sentence(local_server: str, tmp_path: Path) -> None:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        done = db_sh("start", PANCHAYAT_DB_PORT=str(port), PANCHAYAT_DB_DIR=str(tmp_path / "pg"))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1] == (
        f"error: port {port} on 127.0.0.1 is already taken by another program; choose a free one with "
        f"PANCHAYAT_DB_PORT (e.g. PANCHAYAT_DB_PORT={port + 1} bash scripts/db.sh start)."
    )
    assert not (tmp_path / "pg").exists()


def test_status_and_url_of_a_server_never_created(tmp_path: Path) -> None:
    status = db_sh("status", PANCHAYAT_DB_DIR=str(tmp_path / "none"))
    url = db_sh("url", PANCHAYAT_DB_DIR=str(tmp_path / "none"))
    assert (status.returncode, status.stdout) == (3, "")
    assert status.stderr == "db: not running (start it with bash scripts/db.sh start)\n"
    assert (url.returncode, url.stdout) == (1, "")
    assert url.stderr == "error: there is no server yet; create it with bash scripts/db.sh start.\n"


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("restart",), {}, "error: unknown command 'restart'; use start, stop, status or url.\n"),
        (
            ("start",),
            {"PANCHAYAT_DB_PORT": "80"},
            "error: PANCHAYAT_DB_PORT must be a port number from 1024 to 65535, not '80'.\n",
        ),
        (
            ("start",),
            {"PANCHAYAT_DB_PORT": "5432x"},
            "error: PANCHAYAT_DB_PORT must be a port number from 1024 to 65535, not '5432x'.\n",
        ),
    ],
)
def test_wrong_words_end_in_one_sentence(args: tuple[str, ...], env: dict[str, str], message: str) -> None:
    done = db_sh(*args, **env)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", message)


def test_a_server_that_cannot_start_skips_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TEST_DB_ENV, raising=False)
    monkeypatch.setenv("PANCHAYAT_DB_PORT", "80")
    with pytest.raises(
        pytest.skip.Exception, match=r"the server could not be installed or started \(error: PANCHAYAT_DB_PORT must be"
    ):
        server_url()


def test_without_postgresql_and_without_root_it_says_who_can_install(tmp_path: Path) -> None:
    command = ["bash", str(DB_SCRIPT), "start"]
    with tempfile.TemporaryDirectory() as folder:
        if os.geteuid() == 0:  # as root, ask as a user who may not install packages, in a folder it may write
            command = ["runuser", "-u", "nobody", "--", *command]
            os.chmod(folder, 0o777)
        env = {**os.environ, "PANCHAYAT_PG_BIN": str(tmp_path / "nowhere"), "PANCHAYAT_DB_DIR": f"{folder}/pg"}
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines()[-1] == (
        "error: PostgreSQL 15 with PostGIS 3 is not installed and only root can install it; run sudo apt-get install "
        "postgresql-15-postgis-3 (or sudo bash scripts/db.sh), then run scripts/db.sh again."
    )
