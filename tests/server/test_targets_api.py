"""The REST API's answers carry the targets table in the CLI's --json form (schema_version 1:
``targets`` is a new field, nothing changed meaning). The real model: only with it does the
sample archive answer the vaccine question."""

from __future__ import annotations

import shutil
from pathlib import Path

from server_support import role_tokens, serve_app

from config import SAMPLE_ARCHIVE, Settings
from index.api import ask, build_index, open_index
from index.records import to_plain
from index.server.schemas import AnswerOut

Q_TARGETS = "Mục tiêu tiêm vắc xin trong tháng 2/2022 là gì?"


def test_ask_lists_targets_like_the_cli(tmp_path: Path, real_settings: Settings, real_embedder) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for f in real_settings.data_dir.glob(real_settings.cache_path.name + "*"):  # no embedding again
        shutil.copy2(f, data / f.name)
    settings = real_settings.with_(data_dir=data)
    build_index(SAMPLE_ARCHIVE, settings, real_embedder, progress=False)
    tokens = role_tokens(settings)
    with serve_app(settings, real_embedder, SAMPLE_ARCHIVE) as client:
        response = client.post(
            "/ask", json={"question": Q_TARGETS}, headers={"Authorization": f"Bearer {tokens['reader']}"}
        )
    body = response.json()
    AnswerOut.model_validate(body)
    assert body["schema_version"] == "1"
    reader = open_index(settings, real_embedder)
    try:
        assert body["targets"] == to_plain(ask(reader, Q_TARGETS))["targets"]
    finally:
        reader.close()
    values = [(t["measure"], t["value"], t["comparator"]) for t in body["targets"]]
    assert ("tiêm mũi 3 (mũi nhắc lại)", 90.0, "≥") in values, values
    row = body["targets"][0]
    assert row["doc"]["number"] == "508-TB/TU" and row["due"] == "2022-02-28" and row["citation"] == 1
