"""Writers of one store at once lose nothing: two imports, an import and a save, and the history of both.

Each race is forced, not hoped for: both processes check their file against the same
store (a barrier), and only then does either write; the later one finds the store
moved on and checks its file again under the write lock.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest
from processes import writers
from tiny_district import east, tiny_store

from geo.errors import StoreChanged
from geo.importing import apply_import, import_file
from geo.storage.edits import record_status
from geo.storage.store import WAITING_MESSAGE, exclusive, read_store, store_revision, write_store
from geo.storage.versions import list_versions, state_before

ROUNDS = 8  # the code before the lock lost rows in every one of 5 rounds; 8 forced rounds keep that proof
PER_FILE = 3


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return write_store(tmp_path / "tiny.gpkg", tiny_store())


def csc_sheet(folder: Path, who: str, round_: int) -> Path:
    """A CSC list of PER_FILE new centres, ids ``<who>-<round>-<n>``, east of the tiny district's origin (in P2)."""
    lines = ["id,name,lat,lon"]
    for n in range(PER_FILE):
        point = east(4 + n)
        lines.append(f"{who}-{round_}-{n},CSC {who} {round_}.{n},{point.y},{point.x}")
    path = folder / f"csc_{who}_{round_}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import_rounds(store: str, folder: str, who: str, barrier: multiprocessing.Barrier) -> None:
    """ROUNDS imports of this worker's CSC lists; each checked at the same moment as the other worker's."""
    for round_ in range(ROUNDS):
        sheet = csc_sheet(Path(folder), who, round_)
        barrier.wait()
        result = import_file("services", read_store(store, private=True), sheet, kind="csc")
        assert result.ok, result.text()
        barrier.wait()  # both checked against the same store; now both write
        apply_import(store, result, user=who)


def _run(workers: list[multiprocessing.Process]) -> None:
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert [w.exitcode for w in workers] == [0] * len(workers)


def test_two_processes_importing_one_layer_at_once_lose_nothing(store, tmp_path):
    context = writers()
    barrier = context.Barrier(2)
    _run(
        [
            context.Process(target=_import_rounds, args=(str(store), str(tmp_path), who, barrier))
            for who in ("cli", "app")
        ]
    )
    ids = set(read_store(store).service_points["id"])
    expected = {f"{who}-{r}-{n}" for who in ("cli", "app") for r in range(ROUNDS) for n in range(PER_FILE)}
    assert expected <= ids, f"lost: {sorted(expected - ids)[:10]}"
    assert len(ids) == 3 + 2 * ROUNDS * PER_FILE  # the tiny store's own C1, C2, A1 and every imported one
    log = list_versions(store)
    assert log["version"].tolist() == list(range(1, 2 * ROUNDS + 1))  # unique, in order, none missing
    assert set(log["state"]) == {"applied"}
    assert sorted(log["who"].value_counts().to_dict().items()) == [("app", ROUNDS), ("cli", ROUNDS)]
    # the store just before each version holds what every earlier version added
    for version in (2, 2 * ROUNDS):
        before = set(state_before(store, version).service_points["id"])
        assert len(before) == 3 + (version - 1) * PER_FILE


def _save_between(store: str, barrier: multiprocessing.Barrier) -> None:
    barrier.wait()  # the import has been checked
    record_status(store, "P2", "library", "opened", as_of="2020-12-20", user="Asha")
    barrier.wait()


def _status_import(store: str, sheet: str, barrier: multiprocessing.Barrier) -> None:
    result = import_file("status", read_store(store, private=True), sheet, user="dio")
    barrier.wait()
    barrier.wait()  # an editor saved meanwhile
    apply_import(store, result, user="dio")


def test_an_import_racing_an_editors_save_keeps_both(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text("panchayat_code,as_of,bharatnet\nP1,2020-12-20,live\n", encoding="utf-8")
    context = writers()
    barrier = context.Barrier(2)
    _run(
        [
            context.Process(target=_status_import, args=(str(store), str(sheet), barrier)),
            context.Process(target=_save_between, args=(str(store), barrier)),
        ]
    )
    events = read_store(store, private=True).status_events
    assert events["event_id"].is_unique
    assert events.tail(2)[["panchayat_lgd", "indicator", "value", "recorded_by"]].values.tolist() == [
        ["P2", "library", "opened", "Asha"],
        ["P1", "bharatnet", "live", "dio"],
    ]
    assert list_versions(store)["action"].tolist() == ["import status"]


def test_a_writer_that_has_to_wait_says_so_then_proceeds(store, tmp_path):
    result = import_file("services", read_store(store, private=True), csc_sheet(tmp_path, "w", 0), kind="csc")
    told: list[str] = []
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with exclusive(store):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(30)
    threading.Timer(0.5, release.set).start()
    version = apply_import(store, result, user="dio", on_wait=told.append)
    holder.join()
    assert told == [WAITING_MESSAGE] and version == 1
    assert {"w-0-0", "w-0-1", "w-0-2"} <= set(read_store(store).service_points["id"])


def test_a_writer_gives_up_after_its_wait_and_writes_nothing(store):
    before = store.read_bytes()
    with exclusive(store):
        holder_done = threading.Event()
        errors: list[Exception] = []

        def write() -> None:
            try:
                with exclusive(store, wait_s=0.3):
                    pass
            except Exception as err:  # noqa: BLE001 - the test reads it below
                errors.append(err)
            holder_done.set()

        thread = threading.Thread(target=write)
        started = time.monotonic()
        thread.start()
        holder_done.wait(10)
        thread.join()
    assert time.monotonic() - started < 5
    assert len(errors) == 1 and "has been busy for 0 minute(s)" in str(errors[0])
    assert store.read_bytes() == before


def test_a_replacement_whose_removal_changed_meanwhile_is_refused(store, tmp_path):
    """Checked to remove 2 CSCs; meanwhile another import adds 3 more, which the replacement would remove too."""
    point = east(4)
    sheet = tmp_path / "only.csv"
    sheet.write_text(f"id,name,lat,lon\nC1,CSC west,{point.y},{point.x}\n", encoding="utf-8")
    replace = import_file(
        "services", read_store(store, private=True), sheet, kind="csc", replace=True, confirm_removal=True
    )
    assert replace.ok
    other = import_file("services", read_store(store, private=True), csc_sheet(tmp_path, "x", 0), kind="csc")
    apply_import(store, other, user="dio")
    revision = store_revision(store)
    with pytest.raises(
        StoreChanged,
        match=r"what it removes is no longer what was previewed \(now: service_points "
        r"\(csc\): 0 added, 1 changed, 4 removed",
    ):
        apply_import(store, replace, user="dio")
    assert store_revision(store) == revision and {"x-0-0", "C2"} <= set(read_store(store).service_points["id"])


def test_an_addition_checked_again_is_applied_with_the_new_check(store, tmp_path):
    first = import_file("services", read_store(store, private=True), csc_sheet(tmp_path, "a", 0), kind="csc")
    second = import_file("services", read_store(store, private=True), csc_sheet(tmp_path, "b", 0), kind="csc")
    apply_import(store, first, user="dio")
    apply_import(store, second, user="dio")  # checked before the first was written
    log = list_versions(store)
    assert "3 added, 0 changed, 0 removed, 5 unchanged (5 → 8)" in log["report"].iloc[1]  # the new check's numbers
    assert {"a-0-0", "b-0-2"} <= set(read_store(store).service_points["id"])


def _same_sheet_import(store: str, sheet: str, who: str, barrier: multiprocessing.Barrier, told: str) -> None:
    """Check the sheet at the same moment as the other worker, then apply it; write down what apply said."""
    result = import_file("status", read_store(store, private=True), sheet, user=who)
    assert result.appended == 2, result.text()
    barrier.wait()  # both checked against the same store; now both write
    try:
        version = apply_import(store, result, user=who)
    except StoreChanged as err:
        Path(told).write_text(str(err), encoding="utf-8")
    else:
        Path(told).write_text(f"version {version}", encoding="utf-8")


def test_one_sheet_imported_twice_at_once_adds_its_events_once(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text(
        "panchayat_code,Status as on,bharatnet\nP1,20.12.2020,service ready\nP2,20.12.2020,live\n", encoding="utf-8"
    )
    context = writers()
    barrier = context.Barrier(2)
    told = {who: tmp_path / f"{who}.txt" for who in ("cli", "app")}
    _run(
        [
            context.Process(target=_same_sheet_import, args=(str(store), str(sheet), who, barrier, str(told[who])))
            for who in told
        ]
    )
    said = sorted(path.read_text(encoding="utf-8") for path in told.values())
    assert said[1] == "version 1"
    assert said[0].startswith("the store changed after review.csv was checked")
    assert said[0].endswith(
        "checked again, every row of it is now already recorded (the same file, or the same "
        "values, came in first); nothing was applied"
    )
    events = read_store(store, private=True).status_events
    assert events.tail(2)[["panchayat_lgd", "value", "as_of"]].values.tolist() == [
        ["P1", "service_ready", "2020-12-20"],
        ["P2", "live", "2020-12-20"],
    ]
    assert len(events) == 9 and list_versions(store)["action"].tolist() == ["import status"]
