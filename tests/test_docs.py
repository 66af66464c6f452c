"""The README, the docs/ pages and the set-up script explain themselves.

The README stays short and its two commands are the ones CI runs; every link in it and in
``docs/`` leads to a file that exists; ``scripts/setup.sh`` waits for a busy package manager
with a message and a time limit (``scripts/package_lock.sh``, driven here on a temp lock).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_LOCK = ROOT / "scripts" / "package_lock.sh"

needs_flock = pytest.mark.skipif(shutil.which("flock") is None, reason="needs flock (util-linux)")


def _wait_for_lock(lock: Path, wait_seconds: int | str) -> subprocess.CompletedProcess[str]:
    """Run ``wait_for_package_manager`` alone, on ``lock``, as ``setup.sh`` would."""
    env = {**os.environ, "PANCHAYAT_APT_LOCK": str(lock), "PANCHAYAT_APT_WAIT": str(wait_seconds)}
    script = f"set -euo pipefail; source '{PACKAGE_LOCK}'; wait_for_package_manager"
    return subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60)


def _hold(lock: Path, seconds: int) -> subprocess.Popen[bytes]:
    """Hold ``lock`` with ``flock`` for ``seconds``, as apt holds its frontend lock."""
    holder = subprocess.Popen(["flock", str(lock), "sleep", str(seconds)])
    deadline = time.monotonic() + 10
    while subprocess.run(["flock", "-n", str(lock), "true"]).returncode == 0:  # not taken yet
        assert time.monotonic() < deadline, "flock did not take the lock"
        time.sleep(0.05)
    return holder


def test_a_free_package_manager_is_not_waited_for(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.touch()
    started = time.monotonic()
    done = _wait_for_lock(lock, 30)
    assert done.returncode == 0
    assert done.stdout == "" and done.stderr == ""
    assert time.monotonic() - started < 5


@needs_flock
def test_a_held_lock_is_waited_for_then_given_up_with_a_sentence(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.touch()
    holder = _hold(lock, 30)
    try:
        started = time.monotonic()
        done = _wait_for_lock(lock, 2)
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    assert f"waiting for the package manager (held by flock (pid {holder.pid})" in done.stdout
    assert "— up to 2 seconds" in done.stdout
    assert done.stderr.startswith("error: the package manager is still busy after 2 seconds (held by flock")
    assert f"lock {lock}); let it finish, then run scripts/setup.sh again" in done.stderr
    assert "PANCHAYAT_APT_WAIT=SECONDS waits longer" in done.stderr
    assert 2 <= elapsed < 10  # waited the time limit, not at once, not for ever


@needs_flock
def test_a_lock_released_while_waiting_lets_set_up_go_on(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.touch()
    holder = _hold(lock, 2)
    try:
        done = _wait_for_lock(lock, 600)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 0, done.stderr
    assert "— up to 10 minutes" in done.stdout  # the default limit, said in minutes
    assert "the package manager is free again after" in done.stdout
    assert done.stderr == ""


def test_a_wait_that_is_not_a_number_is_named(tmp_path):
    done = _wait_for_lock(tmp_path / "lock-frontend", "ten")
    assert done.returncode == 1
    assert done.stderr == "error: PANCHAYAT_APT_WAIT must be a whole number of seconds, not 'ten'.\n"


def test_setup_waits_for_the_package_manager_and_says_each_step():
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "source scripts/package_lock.sh" in setup
    install = setup.index("apt-get -o DPkg::Lock::Timeout=")
    assert setup.index("wait_for_package_manager") < install  # waits (with a message) before apt-get
    assert setup.count('-o DPkg::Lock::Timeout="$apt_wait"') == 2  # update and install both wait too
    steps = re.findall(r'^echo "setup (\d)/3: ', setup, flags=re.M)
    assert steps == ["1", "2", "3"]
