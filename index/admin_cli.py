"""The CLI's administration commands: ``users`` (page accounts), ``audit`` (the log as CSV),
``check`` (is the index whole?). Whoever runs them owns the data folder, so they act as an
admin named ``cli:<login>`` in the audit log."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from config import Settings
    from index.access.roles import Actor

Add = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def cli_actor() -> Actor:
    from index import api

    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return api.Actor(login, "admin", "cli")


def _settings(args: argparse.Namespace) -> Settings:
    from config import load_settings

    return load_settings(data_dir=args.data)


def _password(args: argparse.Namespace) -> tuple[str | None, bool]:
    """The new password and whether it was generated (then it is printed once)."""
    if args.no_password:
        return None, False
    if args.generate:
        import secrets

        return secrets.token_urlsafe(12), True
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise ValueError("No password on stdin: give one line holding the password.")
        return line, False
    if not sys.stdin.isatty():
        raise ValueError("No terminal to type a password in: use --password-stdin or --generate.")
    first = getpass.getpass("New password: ")
    if first != getpass.getpass("Again: "):
        raise ValueError("The two passwords differ: nothing was changed.")
    return first, False


def cmd_users(args: argparse.Namespace) -> int:
    from index import api

    settings, actor = _settings(args), cli_actor()
    if args.action == "list":
        accounts = api.list_accounts(settings, actor)
        if args.json:
            print(json.dumps([asdict(a) for a in accounts], ensure_ascii=False, indent=2))
        elif not accounts:
            print("No accounts yet: `python -m index users init` makes the first admin.")
        for a in [] if args.json else accounts:
            state = "LOCKED" if a.locked else ("proxy only" if not a.has_password else "")
            print(f"{a.name:24s} {a.role:10s} {state:10s} last sign-in {a.last_sign_in or '—'}")
        return 0
    if args.action == "init":
        made = api.ensure_first_admin(settings, actor)
        if made is None:
            admins = [a.name for a in api.list_accounts(settings, actor) if a.role == "admin"]
            print(f"An admin account exists ({', '.join(admins)}): sign in with it. "
                  f"Forgot its password? python -m index users passwd {admins[0]}")  # fmt: skip
            return 0
        name, password = made
        print(f"Made the admin account {name!r}. Sign in to the page with\n  name:     {name}\n  password: {password}\n"
              f"(shown only this once; change it with `python -m index users passwd {name}`).")  # fmt: skip
        return 0
    if not args.name:
        raise ValueError(f"users {args.action} needs a NAME.")
    if args.action == "remove":
        api.remove_account(settings, actor, args.name)
        print(f"Removed the account {args.name!r}.")
    elif args.action == "unlock":
        api.unlock_account(settings, actor, args.name)
        print(f"Unlocked {args.name!r}.")
    elif args.action == "role":
        api.change_role(settings, actor, args.name, args.role)
        print(f"{args.name!r} is now {args.role}.")
    else:
        password, generated = _password(args)
        if args.action == "add":
            api.add_account(settings, actor, args.name, args.role, password)
            print(f"Added {args.name!r} ({args.role}).")
        else:
            api.change_password(settings, actor, args.name, password)
            print(f"Changed the password of {args.name!r} (its sessions end; the account is unlocked).")
        if generated:
            print(f"Its password, shown only this once: {password}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from index import api

    since = date.fromisoformat(args.since) if args.since else None
    events = api.audit_events(_settings(args), cli_actor(), since, args.limit)
    if args.csv:
        api.write_csv(events, sys.stdout)
    elif args.json:
        print(json.dumps([asdict(e) for e in events], ensure_ascii=False, indent=2))
    else:
        for e in events:
            print(f"{e.at}  {e.who:20s} {e.action:16s} {e.detail}  {e.address}".rstrip())
        if not events:
            print("No audit events" + (f" since {since}." if since else "."))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from index.api import check_index

    settings = _settings(args)
    problems = check_index(settings)
    if args.json:
        print(json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2))
    elif not problems:
        print(
            f"ok: the index in {settings.index_dir} is whole (database, manifest, vectors, archive folder)."
        )
    for p in [] if args.json else problems:
        print(f"problem: {p}")
    return 1 if problems else 0


def add_commands(add: Add) -> None:
    sp = add("users", cmd_users, "page accounts: add NAME --role ROLE | remove NAME | list | passwd NAME | …")
    sp.add_argument("action", choices=["add", "remove", "list", "passwd", "unlock", "role", "init"])
    sp.add_argument("name", nargs="?")
    sp.add_argument("--role", choices=["reader", "archivist", "admin"], default="reader")
    how = sp.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    how.add_argument("--generate", action="store_true", help="make a random password and print it once")
    how.add_argument(
        "--no-password", action="store_true", help="no password: signs in through the SSO proxy only"
    )
    sp = add("audit", cmd_audit, "the audit log: who did what, when")
    sp.add_argument("--since", help="from this day on (YYYY-MM-DD, UTC)")
    sp.add_argument("--limit", type=int, help="the last N events only")
    sp.add_argument("--csv", action="store_true", help="print CSV (for a spreadsheet or an archive)")
    add("check", cmd_check, "is the index whole? (database, manifest, vectors, archive folder)")
