"""Editors' accounts: ``users add|list|disable|enable|passwd`` and the retired ``passwd``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import EXIT_OK, add_command, store_path, user_name
from geo.errors import GeoInputError
from geo.storage.location import StoreLocation, is_postgis_url, shown_store
from geo.storage.store import read_layer, store_revision


def add_commands(sub: argparse._SubParsersAction, writes: argparse.ArgumentParser) -> None:
    """``passwd`` (retired: it says what replaced it) and ``users``, on the store ``writes`` names."""
    add_command(sub, "passwd", _cmd_passwd, "replaced by accounts: see `users add`")
    _add_user_commands(sub, writes)


def _add_user_commands(sub: argparse._SubParsersAction, store: argparse.ArgumentParser) -> None:
    """``users add|list|disable|enable|passwd``: the accounts that may edit the store in the app."""
    users = sub.add_parser(
        "users",
        help="the accounts that may edit the store in the app (no password needed here)",
        description="Accounts of the people who edit the store in the app. The command line needs "
        "no password: whoever can write the store file already holds it.",
    )
    verbs = users.add_subparsers(dest="verb", required=True, metavar="{add,list,disable,enable,passwd}")
    by = argparse.ArgumentParser(add_help=False)
    by.add_argument("--user", default=None, metavar="NAME", help="who makes the change (default: the login name)")
    stdin = argparse.ArgumentParser(add_help=False)
    stdin.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (default: ask twice)",
    )
    add = add_command(verbs, "add", _cmd_users_add, "add an account", parents=[store, by, stdin])
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=("editor", "admin"))
    add.add_argument(
        "--block",
        action="append",
        default=[],
        metavar="CODE",
        help="an editor of this block only (LGD code or name; repeatable); default: the whole district",
    )
    add_command(verbs, "list", _cmd_users_list, "list the accounts (never their passwords)", parents=[store])
    for verb, text in (
        ("disable", "stop an account from signing in (its name stays in the history)"),
        ("enable", "let a disabled account sign in again"),
    ):
        add_command(verbs, verb, _cmd_users_disable, text, parents=[store, by]).add_argument("name", metavar="NAME")
    passwd = add_command(
        verbs,
        "passwd",
        _cmd_users_passwd,
        "set an account's password (this also unlocks it)",
        parents=[store, by, stdin],
    )
    passwd.add_argument("name", metavar="NAME")


def _cmd_passwd(args: argparse.Namespace) -> int:
    raise GeoInputError(
        "the shared editor password is gone: every editor now has an account. Add the first admin with "
        "`python -m geo users add NAME --role admin`, then editors with "
        "`python -m geo users add NAME --role editor [--block CODE]`; remove editor_password_hash "
        "from .streamlit/secrets.toml and PANCHAYAT_EDITOR_PASSWORD_HASH from the environment"
    )


def _cmd_users_add(args: argparse.Namespace) -> int:
    from geo.storage.accounts import add_account

    store = _existing_store(args)
    blocks = [_block_code(store, given) for given in args.block]
    account = add_account(
        store, args.name, role=args.role, password=_new_password(args), blocks=blocks, created_by=user_name(args)
    )
    scope = f"blocks {', '.join(account.blocks)}" if account.blocks else "the whole district"
    print(f"added {account.role} {account.name!r} ({scope}) to {store}")
    return EXIT_OK


def _cmd_users_list(args: argparse.Namespace) -> int:
    from geo.storage.accounts import list_accounts

    table = list_accounts(_existing_store(args))
    if table.empty:
        print(
            f"{args.store} has no accounts: the app is read-only until you add one with "
            "`python -m geo users add NAME --role admin`"
        )
        return EXIT_OK
    table["blocks"] = table["blocks"].replace("", "(all)")
    print(table.fillna("").to_string(index=False))
    return EXIT_OK


def _cmd_users_disable(args: argparse.Namespace) -> int:
    from geo.storage.accounts import set_disabled

    account = set_disabled(_existing_store(args), args.name, args.verb == "disable")
    print(f"{account.name!r} is {'disabled' if args.verb == 'disable' else 'enabled'}")
    return EXIT_OK


def _cmd_users_passwd(args: argparse.Namespace) -> int:
    from geo.storage.accounts import set_password

    store = _existing_store(args)
    account = set_password(store, args.name, _new_password(args))
    print(f"set a new password for {account.name!r}; its failed sign-ins are forgotten")
    return EXIT_OK


def _existing_store(args: argparse.Namespace) -> StoreLocation:
    store = store_path(args)
    if store_revision(store) is None:
        raise GeoInputError(
            f"store {shown_store(store)} does not exist; accounts belong to a store — import into it first"
        )
    return store


def _new_password(args: argparse.Namespace) -> str:
    import getpass

    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("new password: ")
    if getpass.getpass("again: ") != password:
        raise GeoInputError("the two passwords differ; nothing was changed")
    return password


def _named(store: StoreLocation) -> str:
    """The store as a sentence names it: a file by its name, a server store by its URL without the password."""
    return shown_store(store) if is_postgis_url(store) else Path(store).name


def _block_code(store: StoreLocation, given: str) -> str:
    """A block's LGD code from its code or its English or Hindi name (as the store writes it)."""
    blocks = read_layer(store, "blocks")
    for column in ("lgd_code", "name", "name_hi"):
        found = blocks[blocks[column].astype("string").str.casefold() == given.strip().casefold()]
        if len(found) == 1:
            return str(found["lgd_code"].iloc[0])
    names = ", ".join(f"{n} ({c})" for c, n in zip(blocks["lgd_code"], blocks["name"], strict=True))
    raise GeoInputError(f"--block {given!r} is not a block of {_named(store)}; its blocks: {names}")
