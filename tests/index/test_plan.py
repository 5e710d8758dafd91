"""What a build must do, decided from hashes alone (index/store/plan.py)."""

from __future__ import annotations

from corpus.types import LoadIssue
from index.store.plan import Stored, StoredSkip, plan_build

STORED = {"a.txt": Stored("h1", None), "b.txt": Stored("h2", None), "gone.txt": Stored("h9", None)}


def test_new_changed_unchanged_removed():
    current = {"a.txt": "h1", "b.txt": "h2-new", "c.txt": "h3"}
    plan = plan_build(current, STORED, {}, rebuild=False)
    assert plan.to_load == ["b.txt", "c.txt"]
    assert plan.unchanged == 1
    assert plan.removed == ["gone.txt"]


def test_exact_copies_and_skips():
    current = {"a.txt": "h1", "copy-of-a.txt": "h1", "scan.pdf": "h4", "fixed.pdf": "h5"}
    skipped = {
        "scan.pdf": StoredSkip("h4", "scanned PDF", "run OCR"),
        "fixed.pdf": StoredSkip("old", "x", "y"),
    }
    plan = plan_build(current, STORED, skipped, rebuild=False)
    assert plan.original_of == {"copy-of-a.txt": "a.txt"}
    assert plan.still_skipped == [LoadIssue("scan.pdf", "scanned PDF", "run OCR")]
    assert "fixed.pdf" in plan.to_load and "fixed.pdf" in plan.stale_skips
    assert "copy-of-a.txt" in plan.to_load


def test_rebuild_loads_everything():
    plan = plan_build({"a.txt": "h1", "b.txt": "h2"}, STORED, {}, rebuild=True)
    assert plan.to_load == ["a.txt", "b.txt"] and plan.unchanged == 0
