"""The CLI's server commands: ``serve`` (the REST API) and ``tokens`` (its API tokens)."""

from __future__ import annotations

import argparse
from pathlib import Path

from index import admin_cli
from index.admin_cli import Add


def _settings(args: argparse.Namespace):
    from config import load_settings

    return load_settings(data_dir=args.data)


def dump(obj: object) -> None:
    from index.cli import dump as cli_dump

    cli_dump(obj)


def cmd_serve(args: argparse.Namespace) -> int:
    from index.server.run import choose_host, serve

    settings = _settings(args)
    host = choose_host(args.host, settings.api_host)
    archive = Path(args.archive) if args.archive else None
    if archive is not None and not archive.is_dir():
        raise FileNotFoundError(f"No archive folder at {archive}: pass the folder the index is built from.")
    return serve(settings, host, args.port or settings.api_port, archive)


def cmd_tokens(args: argparse.Namespace) -> int:
    from index.api import record_event
    from index.server.tokens import TokenStore

    settings = _settings(args)
    store = TokenStore(settings.tokens_path)
    if args.action == "list":
        entries = [{"name": e.name, "role": e.role, "created": e.created} for e in store.entries()]
        if args.json:
            dump(entries)
        elif not entries:
            print("No tokens yet: `python -m index serve` makes an admin one on its first start.")
        else:
            for e in entries:
                print(f"{e['name']:24s} {e['role']:10s} {e['created']}")
        return 0
    if not args.name:
        raise ValueError(f"tokens {args.action} needs a NAME.")
    if args.action == "remove":
        store.remove(args.name)
        record_event(settings, admin_cli.cli_actor(), "account removed", f"API token {args.name}")
        print(f"Removed the token {args.name!r}.")
        return 0
    token = store.add(args.name, args.role)
    record_event(settings, admin_cli.cli_actor(), "account added", f"API token {args.name} ({args.role})")
    if args.json:
        dump({"name": args.name, "role": args.role, "token": token})
    else:
        print(f"Token for {args.name!r} ({args.role}), shown only this once:\n{token}")
    return 0


def add_commands(add: Add) -> None:
    sp = add("serve", cmd_serve, "the REST API (docs at /docs); loopback unless --host says otherwise")
    sp.add_argument("--host", help="address to listen on (default: the api_host setting, 127.0.0.1)")
    sp.add_argument("--port", type=int, help="port (default: the api_port setting, 8000)")
    sp.add_argument("--archive", help="folder uploads go to and reindex reads (default: the one indexed)")
    sp = add("tokens", cmd_tokens, "API tokens: add NAME --role ROLE | list | remove NAME")
    sp.add_argument("action", choices=["add", "list", "remove"])
    sp.add_argument("name", nargs="?")
    sp.add_argument("--role", choices=["reader", "archivist", "admin"], default="reader")
