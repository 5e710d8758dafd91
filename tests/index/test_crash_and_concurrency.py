"""kill -9 during a build leaves the previous index searchable; readers never see a mix."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from index.api import build_index, open_index, search, stats

ROOT = Path(__file__).resolve().parents[2]


def _grow(archive: Path, copies: int) -> None:
    """Add many distinct documents so a build has real work to do."""
    sources = sorted(p for p in archive.iterdir() if p.suffix in {".md", ".txt"})
    for i in range(copies):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8-sig")
        (archive / f"them-{i:03d}{src.suffix}").write_text(
            f"{text}\n\nPhụ lục số {i}: bản bổ sung {i}.\n", encoding="utf-8"
        )


def _consistent(reader) -> tuple[int, int]:
    s = stats(reader)
    hits = search(reader, "tiêm vắc xin", k=5)
    assert hits, "the index must stay searchable"
    for h in hits:
        assert h.text and h.doc.doc_id
    return s.documents, s.chunks


def test_kill_9_mid_build_keeps_previous_index(archive, fake_settings, fake_embedder):
    build_index(archive, fake_settings, fake_embedder, progress=False)
    reader = open_index(fake_settings, fake_embedder)
    base = _consistent(reader)
    _grow(archive, 30)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, str(ROOT / "tests/index/slow_build.py"), str(archive), str(fake_settings.data_dir)]
    states = set()
    for delay in (0.5, 1.0, 1.5, 2.0, 3.0):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        states.add(_consistent(reader))
    # Each kill leaves either the old state or the completed new one, nothing between.
    final = build_index(archive, fake_settings, fake_embedder, progress=False)
    full = _consistent(reader)
    assert states <= {base, full}
    assert full[0] == base[0] + 30
    # Work finished by killed builds was kept: the final build re-embedded less than everything new.
    assert final.chunks_total == full[1]


def test_reader_sees_old_or_new_state_during_build(archive, fake_settings, fake_embedder):
    build_index(archive, fake_settings, fake_embedder, progress=False)
    reader = open_index(fake_settings, fake_embedder)
    base = _consistent(reader)
    _grow(archive, 20)
    errors: list[BaseException] = []
    seen: set[tuple[int, int]] = set()
    done = threading.Event()

    def read_loop() -> None:
        try:
            while not done.is_set():
                seen.add(_consistent(reader))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    other = open_index(fake_settings, fake_embedder)
    t = threading.Thread(target=read_loop)
    t.start()
    try:
        build_index(archive, fake_settings, fake_embedder, progress=False)
        time.sleep(0.2)
    finally:
        done.set()
        t.join(timeout=30)
    assert not errors, errors
    new = _consistent(reader)
    assert seen <= {base, new}
    assert new[0] == base[0] + 20
    assert _consistent(other) == new


def test_leftover_temp_files_do_not_break_the_next_build(archive, fake_settings, fake_embedder):
    build_index(archive, fake_settings, fake_embedder, progress=False)
    (fake_settings.index_dir / "vectors-999999.faiss.tmp").write_bytes(b"half written")
    shutil.copy2(next(archive.glob("*.md")), archive / "moi.md")
    report = build_index(archive, fake_settings, fake_embedder, progress=False)
    assert report.duplicates  # identical content is recognised
    assert not list(fake_settings.index_dir.glob("*.tmp"))
