"""The command line meets ordinary faults with one clear line (or, with --json, a JSON error),
never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from faults_support import FAKE_CLI, ROOT

import index.api
from config import Settings
from index import cli
from index.api import BadQuery, build_index, open_index, search


@pytest.fixture
def built(archive: Path, fake_settings: Settings, fake_embedder, monkeypatch) -> Settings:
    build_index(archive, fake_settings, fake_embedder, progress=False)
    monkeypatch.setattr(index.api, "load_embedder", lambda settings, **kw: fake_embedder)
    return fake_settings


def test_data_inside_the_archive_is_refused_before_the_model_is_written(
    archive: Path, monkeypatch, capsys
) -> None:
    def no_model(settings, **kw):
        raise AssertionError("the model must not be loaded (nor written into the archive)")

    monkeypatch.setattr(index.api, "load_embedder", no_model)
    assert cli.main(["build", str(archive), "--data", str(archive / "data")]) == 2
    assert "is inside the archive" in capsys.readouterr().err
    assert not (archive / "data").exists()


@pytest.mark.parametrize("query", ["vac\udcffxin", "tiêm \udce1 vắc xin", "lone \ud800 surrogate"])
def test_a_query_that_is_not_utf8(built: Settings, query: str, capsys) -> None:
    assert cli.main(["search", query, "--data", str(built.data_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The query holds bytes that are not UTF-8") and "UTF-8 terminal" in err
    reader = open_index(built, index.api.load_embedder(built))
    try:
        with pytest.raises(BadQuery):
            search(reader, query)
    finally:
        reader.close()


@pytest.mark.parametrize("top", ["0", "-1", "x"])
def test_top_below_one_is_refused(built: Settings, top: str, capsys) -> None:
    for command in ("search", "ask"):
        with pytest.raises(SystemExit) as info:
            cli.main([command, "vắc xin", "--top", top, "--data", str(built.data_dir)])
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert "--top" in err and ("at least 1" in err or "whole number" in err)
    reader = open_index(built, index.api.load_embedder(built))
    try:
        with pytest.raises(BadQuery, match="at least 1"):
            search(reader, "vắc xin", k=0)
        assert len(search(reader, "vắc xin", k=1)) == 1
    finally:
        reader.close()


def test_json_errors_are_json(built: Settings, capsys) -> None:
    assert cli.main(["search", "?!…", "--json", "--data", str(built.data_dir)]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["schema_version"] == "1" and out["error"]
    assert cli.main(["show", "no/such.md", "--json", "--data", str(built.data_dir)]) == 2
    assert "No document" in json.loads(capsys.readouterr().out)["error"]


def test_another_archive_is_one_line(built: Settings, tmp_path: Path, capsys) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("Văn bản khác.", encoding="utf-8")
    assert cli.main(["build", str(other), "--data", str(built.data_dir)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--rebuild" in err[0]


def test_show_into_a_closed_pipe(built: Settings, archive: Path, fake_embedder) -> None:
    """`python -m index show X | head -c 100`: the reader stops early, the command ends quietly."""
    long_text = (
        "Thông báo số 508-TB/TU\n\n" + "Mục tiêu tiêm vắc xin trong tháng 2/2022. " * 20_000
    )  # > a pipe's buffer
    (archive / "dai.txt").write_text(long_text, encoding="utf-8")
    build_index(archive, built, fake_embedder, progress=False)
    command = [sys.executable, str(FAKE_CLI), "show", "dai.txt", "--data", str(built.data_dir)]
    shell = " ".join(f"'{c}'" for c in command) + " | head -c 100"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert len(done.stdout) <= 100 and done.stdout
    assert "BrokenPipeError" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0
