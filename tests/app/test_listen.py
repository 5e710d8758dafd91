"""The page listens on 127.0.0.1 only, unless told otherwise: started the way the quick start
starts it, it answers on loopback and refuses connections on this machine's other address."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _outside_address() -> str | None:
    """This machine's address toward other machines (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def _connects(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def test_config_and_quick_start_say_loopback() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["enableXsrfProtection"] is True
    quickstart = (ROOT / "scripts" / "quickstart.sh").read_text(encoding="utf-8")
    assert "--server.address 127.0.0.1" in quickstart and "users init" in quickstart


def test_the_page_is_not_reachable_from_other_machines(tmp_path: Path) -> None:
    outside = _outside_address()
    if outside is None:
        pytest.skip("this machine has no non-loopback address to check")
    port = _free_port()
    env = {**os.environ, "CHITHI_DATA": str(tmp_path / "data")}
    page = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "search_app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
        ],  # fmt: skip
        cwd=ROOT,  # where .streamlit/config.toml is read from, as in the quick start
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while not _connects("127.0.0.1", port):
            assert page.poll() is None, "the page did not start"
            assert time.monotonic() < deadline, "the page did not listen on 127.0.0.1"
            time.sleep(0.5)
        assert not _connects(outside, port), f"the page answers on {outside}"
    finally:
        page.terminate()
        page.wait(20)
