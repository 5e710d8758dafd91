"""``python -m index serve``: the admin token on a first start, the address rule, uvicorn."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

from config import Settings
from index.server.tokens import TokenStore


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def choose_host(explicit: str | None, configured: str) -> str:
    """``--host`` wins; otherwise the setting, which may only name a loopback address (binding
    one that other machines reach is a decision made on the command line, not by a variable)."""
    if explicit:
        return explicit
    if not is_loopback(configured):
        raise ValueError(
            f"api_host is {configured!r}, not a loopback address: to listen where other machines can "
            f"connect, pass `--host {configured}` explicitly (behind a TLS reverse proxy, see README)."
        )
    return configured


def serve(settings: Settings, host: str, port: int, archive: Path | None = None) -> int:
    import uvicorn

    from index.server.app import create_app

    token = TokenStore(settings.tokens_path).ensure_admin()
    if token:
        print(
            f"First start: an admin API token was made (stored hashed in {settings.tokens_path}).\n"
            f"  {token}\n"
            "Keep it now: it is not shown again. Make more with `python -m index tokens add NAME --role reader`.",
            file=sys.stderr,
        )
    if not is_loopback(host):
        print(
            f"Listening on {host}: the API speaks plain HTTP; put a TLS reverse proxy in front of it.",
            file=sys.stderr,
        )
    app = create_app(settings, archive=archive)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
    )
    return 0
