"""What a build must do, decided from file hashes alone: pure, no I/O.

Given the archive's files (doc id → content hash) and what the store holds, a
``BuildPlan`` says which files to load, which are unchanged, removed, still
skipped, or exact copies of another file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from corpus.types import LoadIssue


@dataclass(frozen=True)
class Stored:
    """What the store holds for one document."""

    content_hash: str
    duplicate_of: str | None


@dataclass(frozen=True)
class StoredSkip:
    """A file an earlier build skipped, with the hash it had then."""

    content_hash: str
    problem: str
    action: str


@dataclass
class BuildPlan:
    to_load: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    still_skipped: list[LoadIssue] = field(default_factory=list)
    stale_skips: list[str] = field(default_factory=list)  # skips to forget: file gone or reloaded
    original_of: dict[str, str] = field(default_factory=dict)  # exact copy → the file kept


def exact_copies(current: dict[str, str], skipped: dict[str, StoredSkip]) -> dict[str, str]:
    """Files with the same bytes: the first doc id (sorted) of a hash group is kept, the
    rest point to it. Files still skipped for the same bytes take no part."""
    by_hash: dict[str, list[str]] = defaultdict(list)
    for doc_id, h in sorted(current.items()):
        if doc_id not in skipped or skipped[doc_id].content_hash != h:
            by_hash[h].append(doc_id)
    return {d: ids[0] for ids in by_hash.values() for d in ids[1:]}


def _is_unchanged(
    doc_id: str, current: dict[str, str], existing: dict[str, Stored], original_of: dict[str, str]
) -> bool:
    stored = existing[doc_id]
    if stored.content_hash != current[doc_id]:
        return False
    if stored.duplicate_of is None or doc_id in original_of:
        return stored.duplicate_of == original_of.get(doc_id)
    # A copy with other bytes but the same text stays one while its original is here,
    # unchanged and itself no copy.
    orig = existing.get(stored.duplicate_of)
    return (
        orig is not None
        and orig.duplicate_of is None
        and stored.duplicate_of in current
        and current[stored.duplicate_of] == orig.content_hash
        and stored.duplicate_of not in original_of
    )


def plan_build(
    current: dict[str, str], existing: dict[str, Stored], skipped: dict[str, StoredSkip], rebuild: bool
) -> BuildPlan:
    """``current``: the archive's files now (doc id → content hash); ``existing``: the
    store's documents; ``skipped``: files earlier builds skipped."""
    plan = BuildPlan(original_of=exact_copies(current, skipped))
    for doc_id, h in sorted(current.items()):
        if rebuild:
            plan.to_load.append(doc_id)
        elif doc_id in skipped and skipped[doc_id].content_hash == h:
            s = skipped[doc_id]
            plan.still_skipped.append(LoadIssue(doc_id, s.problem, s.action))
        elif doc_id not in existing or not _is_unchanged(doc_id, current, existing, plan.original_of):
            plan.to_load.append(doc_id)
        else:
            plan.unchanged += 1
    plan.removed = [d for d in existing if d not in current]
    loading = set(plan.to_load)
    plan.stale_skips = [d for d in skipped if d not in current or d in loading]
    return plan
