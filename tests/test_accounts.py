"""Editors' accounts: argon2id hashes only, roles and blocks, lockout, the same answer for an unknown name."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from editors import PASSWORD, add_editor
from tiny_district import tiny_store

import geo.storage.accounts as accounts
from cli import main
from geo.errors import GeoInputError
from geo.importing import import_file
from geo.storage.accounts import (
    SignInRefused,
    accounts_since,
    add_account,
    get_account,
    has_accounts,
    list_accounts,
    may_edit_panchayat,
    may_import,
    may_roll_back,
    recorded_by_label,
    session_expired,
    set_disabled,
    set_password,
    sign_in,
)
from geo.storage.edits import record_status, undo_event
from geo.storage.store import read_store, write_store

T0 = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.gpkg"
    data = tiny_store()
    blocks = pd.concat(
        [data.blocks, data.blocks.assign(lgd_code="B2", name="Other", name_hi="दूसरा")], ignore_index=True
    )
    panchayats = data.panchayats.assign(block_lgd=["B1", "B2"])  # P1 in B1, P2 in B2
    write_store(path, data.__class__(**{**data.__dict__, "blocks": blocks, "panchayats": panchayats}))
    return path


def test_only_an_argon2id_hash_is_stored(store):
    add_account(store, "Asha", role="admin", password="a-long-password", created_by="dio", now=T0)
    with sqlite3.connect(store) as con:
        (hashed,) = con.execute("SELECT password_hash FROM accounts").fetchone()
        dumped = "\n".join(con.iterdump())
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "a-long-password" not in dumped
    assert list_accounts(store).values.tolist() == [["Asha", "admin", "", "2026-12-01T10:00:00Z", "dio", None, None]]
    assert "password_hash" not in list_accounts(store).columns


def test_the_unknown_name_hash_costs_what_a_real_one_does():
    assert not accounts._HASHER.check_needs_rehash(accounts._NOBODY)


def test_names_roles_passwords_and_blocks_are_checked(store):
    add_editor(store, "Asha")
    with pytest.raises(GeoInputError, match=r"there is already an account named 'ASHA' \(names are compared"):
        add_editor(store, "ASHA")
    with pytest.raises(GeoInputError, match=r"role 'boss' is not one of editor, admin"):
        add_account(store, "Ravi", role="boss", password=PASSWORD, created_by="t")
    with pytest.raises(GeoInputError, match=r"the password has 5 characters; use at least 10"):
        add_account(store, "Ravi", role="editor", password="short", created_by="t")
    with pytest.raises(GeoInputError, match=r"must not be the account's name"):
        add_account(store, "ravi.sharma", role="editor", password="Ravi.Sharma", created_by="t")
    with pytest.raises(GeoInputError, match=r"block\(s\) B9 are not in the store; give LGD codes of its blocks: B1, B"):
        add_editor(store, "Ravi", blocks=("B9",))
    with pytest.raises(GeoInputError, match=r"give --block only to an editor"):
        add_editor(store, "Ravi", role="admin", blocks=("B1",))
    with pytest.raises(GeoInputError, match=r"without control or direction characters"):
        add_editor(store, "Ra\u202evi")
    assert list_accounts(store)["name"].tolist() == ["Asha"]


def test_sign_in_records_the_time_and_a_wrong_password_is_refused(store):
    add_editor(store, "Asha")
    account = sign_in(store, " asha ", PASSWORD, now=T0)
    assert (account.name, account.last_sign_in) == ("Asha", "2026-12-01T10:00:00Z")
    assert get_account(store, "ASHA").last_sign_in == "2026-12-01T10:00:00Z"
    with pytest.raises(SignInRefused, match="that name and password were not recognised") as refused:
        sign_in(store, "Asha", "wrong-password", now=T0)
    assert refused.value.reason == "not_recognised"


def test_five_failures_lock_the_name_for_fifteen_minutes(store):
    add_editor(store, "Asha")
    for minute in range(5):  # within 15 minutes
        with pytest.raises(SignInRefused, match="not recognised"):
            sign_in(store, "Asha", "wrong-password", now=T0 + dt.timedelta(minutes=minute))
    locked_at = T0 + dt.timedelta(minutes=4)
    with pytest.raises(SignInRefused, match=r"locked for 10 more minute\(s\) \(until 10:19 UTC\)") as refused:
        sign_in(store, "Asha", PASSWORD, now=T0 + dt.timedelta(minutes=9))  # the right password, still refused
    assert (refused.value.reason, refused.value.until) == ("locked", locked_at + dt.timedelta(minutes=15))
    assert sign_in(store, "Asha", PASSWORD, now=locked_at + dt.timedelta(minutes=15, seconds=1)).name == "Asha"
    # a success forgets the failures: four more do not lock
    for minute in range(4):
        with pytest.raises(SignInRefused, match="not recognised"):
            sign_in(store, "Asha", "wrong-password", now=T0 + dt.timedelta(minutes=30 + minute))
    assert sign_in(store, "Asha", PASSWORD, now=T0 + dt.timedelta(minutes=35)).name == "Asha"


def test_failures_spread_beyond_the_window_do_not_lock(store):
    add_editor(store, "Asha")
    for step in range(6):  # one every 4 minutes: never five within 15 minutes
        with pytest.raises(SignInRefused, match="not recognised"):
            sign_in(store, "Asha", "wrong-password", now=T0 + dt.timedelta(minutes=4 * step))
    assert sign_in(store, "Asha", PASSWORD, now=T0 + dt.timedelta(minutes=25)).name == "Asha"


def test_an_unknown_name_gets_the_same_answer_after_the_same_work(store, monkeypatch):
    add_editor(store, "Asha")
    verified = []
    real = accounts._HASHER.verify
    monkeypatch.setattr(
        accounts,
        "_HASHER",
        type(
            "Spy",
            (),
            {"verify": staticmethod(lambda hashed, password: verified.append(hashed) or real(hashed, password))},
        )(),
    )
    answers = []
    for name in ("Asha", "Nobody"):
        with pytest.raises(SignInRefused) as refused:
            sign_in(store, name, "wrong-password", now=T0)
        answers.append((str(refused.value), refused.value.reason))
    assert answers[0] == answers[1]
    assert len(verified) == 2 and verified[1] == accounts._NOBODY  # one argon2 verification each
    for minute in range(4):  # and an unknown name locks like a known one
        with pytest.raises(SignInRefused, match="not recognised"):
            sign_in(store, "Nobody", "x", now=T0 + dt.timedelta(minutes=minute + 1))
    with pytest.raises(SignInRefused, match="locked"):
        sign_in(store, "Nobody", "x", now=T0 + dt.timedelta(minutes=6))


def test_disable_enable_and_a_new_password_that_unlocks(store):
    add_editor(store, "Asha")
    set_disabled(store, "asha", now=T0)
    assert not has_accounts(store) and get_account(store, "Asha").disabled_at == "2026-12-01T10:00:00Z"
    with pytest.raises(SignInRefused, match="the account 'Asha' is disabled") as refused:
        sign_in(store, "Asha", PASSWORD, now=T0)
    assert refused.value.reason == "disabled"
    set_disabled(store, "Asha", False)
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in(store, "Asha", "wrong-password", now=T0)
    set_password(store, "Asha", "another-long-one")
    assert sign_in(store, "Asha", "another-long-one", now=T0).name == "Asha"
    with pytest.raises(GeoInputError, match="there is no account named 'Ravi'"):
        set_password(store, "Ravi", "another-long-one")


def test_a_store_without_accounts(store):
    assert not has_accounts(store) and list_accounts(store).empty and accounts_since(store) is None
    with pytest.raises(SignInRefused, match="not recognised"):
        sign_in(store, "admin", "admin-admin", now=T0)  # no default account, no default password


def test_sessions_expire_after_thirty_idle_minutes():
    assert not session_expired(T0, T0 + dt.timedelta(minutes=30))
    assert session_expired(T0, T0 + dt.timedelta(minutes=30, seconds=1))


def test_roles_and_blocks(store):
    admin, district, nala = (
        add_editor(store, "Admin", role="admin"),
        add_editor(store, "DIO"),
        add_editor(store, "nala.bdo", blocks=("B2",)),
    )
    assert [may_roll_back(a) for a in (admin, district, nala)] == [True, False, False]
    assert [may_import(a, "villages") for a in (admin, district, nala)] == [True, True, False]
    assert [may_import(a, "status") for a in (admin, district, nala)] == [True, True, True]
    assert (may_edit_panchayat(nala, "B2"), may_edit_panchayat(nala, "B1"), may_edit_panchayat(district, "B1")) == (
        True,
        False,
        True,
    )


def test_a_block_office_records_and_undoes_only_in_its_block(store):
    event = record_status(store, "P2", "bharatnet", "live", as_of="2020-12-20", user="nala.bdo", blocks=("B2",))
    with pytest.raises(GeoInputError, match=r"West GP \(P1\) is in block B1; your account records for block\(s\) B2"):
        record_status(store, "P1", "library", "opened", as_of="2020-12-20", user="nala.bdo", blocks=("B2",))
    p1_event = int(read_store(store).status_events.query("panchayat_lgd == 'P1'")["event_id"].max())
    with pytest.raises(GeoInputError, match=r"is in block B1; your account records for block\(s\) B2 only"):
        undo_event(store, p1_event, user="nala.bdo", blocks=("B2",))
    undo_event(store, event, user="nala.bdo", blocks=("B2",))
    assert read_store(store, private=True).status_events["recorded_by"].tolist()[-2:] == ["nala.bdo", "nala.bdo"]


def test_a_block_office_imports_rows_of_its_block_only(store, tmp_path):
    sheet = tmp_path / "review.csv"
    sheet.write_text("panchayat_code,as_of,library\nP1,2020-12-20,opened\nP2,2020-12-20,opened\n", encoding="utf-8")
    data = read_store(store, private=True)
    refused = import_file("status", data, sheet, account_blocks=("B2",))
    assert [(p.where, p.message) for p in refused.report.errors] == [
        (
            "review.csv row 2",
            "P1 is in block B1; your account imports for block(s) B2 only — leave the row out or "
            "ask the district's editor",
        )
    ]
    skipped = import_file("status", data, sheet, account_blocks=("B2",), skip_invalid=True)
    assert skipped.ok and skipped.new_events["panchayat_lgd"].tolist() == ["P2"]
    assert import_file("status", data, sheet).ok  # a district editor's import


def test_history_names_typed_before_accounts_are_marked_self_declared(store):
    assert recorded_by_label("Ramesh", recorded_at="2020-12-01T10:00:00Z", source="editor", since=None) == (
        "Ramesh (self-declared)"
    )
    since = "2026-12-01T10:00:00Z"
    assert recorded_by_label("Ramesh", recorded_at="2026-11-30T10:00:00Z", source="undo", since=since) == (
        "Ramesh (self-declared)"
    )
    assert recorded_by_label("Asha", recorded_at="2026-12-02T10:00:00Z", source="editor", since=since) == "Asha"
    assert (
        recorded_by_label("dio", recorded_at="2020-12-01T10:00:00Z", source="import review.csv", since=since) == "dio"
    )


# --- the command line -------------------------------------------------------------------------------------------


def run(argv: list[str], stdin: str, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_users_commands(store, monkeypatch, capsys):
    s = ["--store", str(store)]
    code, out, _ = run(
        ["users", "add", "Asha", "--role", "admin", "--password-stdin", "--user", "dio", *s],
        "a-long-password\n",
        monkeypatch,
        capsys,
    )
    assert code == 0 and out.strip() == f"added admin 'Asha' (the whole district) to {store}"
    code, out, _ = run(
        ["users", "add", "nala.bdo", "--role", "editor", "--block", "other", *s],
        "another-password\n",
        monkeypatch,
        capsys,
    )
    assert code == 0 and "added editor 'nala.bdo' (blocks B2)" in out  # a block by its name, stored by its code
    code, _, err = run(
        ["users", "add", "x", "--role", "editor", "--block", "Nowhere", *s], "another-password\n", monkeypatch, capsys
    )
    assert code == 2 and "--block 'Nowhere' is not a block of tiny.gpkg; its blocks: Block (B1), Other (B2)" in err
    code, out, _ = run(["users", "list", *s], "", monkeypatch, capsys)
    assert code == 0 and "Asha" in out and "(all)" in out and "B2" in out and "$argon2" not in out
    assert get_account(store, "Asha").created_by == "dio"
    assert run(["users", "disable", "nala.bdo", *s], "", monkeypatch, capsys)[:2] == (0, "'nala.bdo' is disabled\n")
    with pytest.raises(SignInRefused, match="disabled"):
        sign_in(store, "nala.bdo", "another-password")
    assert run(["users", "enable", "nala.bdo", *s], "", monkeypatch, capsys)[0] == 0
    code, _, _ = run(["users", "passwd", "nala.bdo", "--password-stdin", *s], "a-third-password\n", monkeypatch, capsys)
    assert code == 0 and sign_in(store, "nala.bdo", "a-third-password").name == "nala.bdo"
    code, _, err = run(["users", "add", "Ravi", "--role", "editor", *s], "short\n", monkeypatch, capsys)
    assert code == 2 and "use at least 10" in err and "Traceback" not in err
