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

from geo.importing.columns import KIND_ROLES, KIND_SPELLINGS, LEVEL_SPELLINGS, ROLES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PACKAGE_LOCK = ROOT / "scripts" / "package_lock.sh"
#: The pages issue 24 asks for (``cli.md`` is generated from the command line's parser).
PAGES = (
    "index",
    "review",
    "deck",
    "planner",
    "public",
    "data-page",
    "importing",
    "data-contract",
    "cli",
    "architecture",
    "benchmarks",
    "recovery",
    "accounts",
)
#: Every Markdown page whose links must lead somewhere.
MARKDOWN = (README, *sorted(DOCS.glob("*.md")), ROOT / "data" / "README.md", ROOT / "bench" / "README.md")

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", flags=re.M | re.S)


def _links(page: Path) -> list[str]:
    """The targets of the Markdown links and images of ``page``, code blocks and spans left out."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)
    return LINK.findall(text)


def _relative(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.I)


def _readme_commands() -> list[str]:
    """The commands of the README's "Two commands" block, without their comments."""
    readme = README.read_text(encoding="utf-8")
    block = re.search(r"^## Two commands\n+```bash\n(.*?)^```", readme, flags=re.M | re.S)
    assert block, "README.md has no '## Two commands' bash block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_is_short():
    assert README.stat().st_size <= 12 * 1024


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file(page):
    for target in filter(_relative, _links(page)):
        assert "#" not in target, f"{page.name}: link {target!r} has an anchor (they differ between forges)"
        resolved = (page.parent / target).resolve()
        assert resolved.is_relative_to(ROOT), f"{page.name}: link {target!r} leaves the repository"
        assert resolved.is_file(), f"{page.name}: link {target!r} leads nowhere"


def test_the_link_check_sees_links_and_skips_code(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        'See [the guide](docs/review.md "title") and ![a map](img/map.png), [a site](https://example.org/x.md).\n'
        "Not `[code](in-a-span.md)`.\n```bash\necho [x](in-a-block.md)\n```\n",
        encoding="utf-8",
    )
    assert _links(page) == ["docs/review.md", "img/map.png", "https://example.org/x.md"]
    assert [target for target in _links(page) if _relative(target)] == ["docs/review.md", "img/map.png"]


def test_the_index_lists_every_page_and_every_page_exists():
    listed = {target for target in _links(DOCS / "index.md") if _relative(target)}
    pages = {f"{page}.md" for page in PAGES if page != "index"}
    assert pages <= listed
    written = {page.name for page in DOCS.glob("*.md")} - {"index.md"}
    assert written <= listed, f"pages missing from docs/index.md: {sorted(written - listed)}"
    for page in pages:
        assert (DOCS / page).is_file(), f"docs/{page} is missing"


def test_readme_links_the_index_and_shows_the_screenshot():
    targets = _links(README)
    assert "docs/index.md" in targets and "docs/img/review.png" in targets
    assert (DOCS / "img" / "review.png").stat().st_size < 250 * 1024


def test_the_readme_commands_are_the_ones_ci_runs():
    assert _readme_commands() == ["bash scripts/app.sh", "bash scripts/test.sh"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    runs = [
        line.strip().removeprefix("exec ").strip()
        for line in ci.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    test_command = _readme_commands()[1]
    assert any(re.fullmatch(re.escape(test_command) + r"( -[^;&|]*)?", run) for run in runs), runs
    for command in _readme_commands():
        assert (ROOT / command.split()[1]).is_file()


def test_the_readme_names_the_port_the_app_listens_on():
    readme = README.read_text(encoding="utf-8")
    assert "http://localhost:8501" in readme and "port 8501" in readme
    app = [
        line
        for line in (ROOT / "scripts" / "app.sh").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert any("streamlit run serve.py" in line for line in app)  # app.py, served as a room should get it
    assert not any("port" in line for line in app)  # no port of its own: only what the caller passes
    assert not re.search(r"^\s*port\s*=", config, flags=re.M)  # Streamlit's default, 8501, applies


def test_benchmarks_page_covers_every_script_in_bench():
    page = (DOCS / "benchmarks.md").read_text(encoding="utf-8")
    for script in sorted((ROOT / "bench").glob("*.py")):
        heading = f"## `{script.name}`"
        assert heading in page or script.name == "worktree.py", f"docs/benchmarks.md has no {heading}"
    assert "`bench/worktree.py`" in page


def test_importing_page_lists_the_columns_each_kind_recognises():
    page = (DOCS / "importing.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w -]+)` \| `(\w+)` \| (.*) \|$", page, flags=re.M)
    documented = {(kind, role): tuple(re.findall(r"`([^`]+)`", headers)) for kind, role, headers in rows}
    expected = {
        (kind, role): KIND_SPELLINGS.get(kind, {}).get(role, ROLES[role])
        for kind, roles in KIND_ROLES.items()
        for role in roles
    }
    expected |= {
        (f"boundaries --level {level}", role): spellings
        for level, spelled in LEVEL_SPELLINGS.items()
        for role, spellings in spelled.items()
    }
    assert documented == expected


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
