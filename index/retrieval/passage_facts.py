"""What the ranker reads of a passage's text, worked out once per passage text and
remembered: its folded words (one space-separated string), the kinds of answer it holds, and
the same two for each of its sentences.

Keyed by the text itself (chunk ids restart in every index a process may open); the
memory is bounded and simply forgotten when full.
"""

from __future__ import annotations

from corpus import answer_kinds
from corpus.answer_kinds import Holds, SentenceKinds, text_holds
from corpus.vietnamese import words
from index.store.reader import IndexReader

MAX_REMEMBERED = 30_000  # ~2 KB each (text and words): ~60 MB at most

_spaced: dict[str, str] = {}
_holds: dict[str, Holds] = {}
_sentences: dict[str, tuple[SentenceKinds, ...]] = {}


def _remember(memory: dict, key: str, value: object) -> None:
    if len(memory) >= MAX_REMEMBERED:
        memory.clear()  # a dict's item assignment is atomic: threads may share it
    memory[key] = value


def spaced_words(folded: str) -> str:
    """ " w1 w2 … ": a passage's folded words (``folded`` as the FTS column holds it), for
    word and word-sequence tests by substring: f" {words} " in it."""
    found = _spaced.get(folded)
    if found is None:
        found = " " + " ".join(words(folded)) + " "
        _remember(_spaced, folded, found)
    return found


def holds(text: str, folded: str) -> Holds:
    found = _holds.get(text)
    if found is None:
        found = text_holds(text, folded)
        _remember(_holds, text, found)
    return found


def sentence_kinds(text: str) -> tuple[SentenceKinds, ...]:
    """``corpus.answer_kinds.sentence_kinds`` of a passage, for an index built before the
    build stored them (``index.store.chunk_facts``)."""
    found = _sentences.get(text)
    if found is None:
        found = answer_kinds.sentence_kinds(text)
        _remember(_sentences, text, found)
    return found


def sentence_kinds_of(reader: IndexReader, texts: dict[int, str]) -> dict[int, tuple[SentenceKinds, ...]]:
    """The sentence kinds of these passages (chunk id → text): the build's stored ones, read in
    the caller's snapshot; an index built before the table has them worked out here."""
    stored = reader.stored_sentence_kinds(list(texts))
    return {cid: stored[cid] if cid in stored else sentence_kinds(text) for cid, text in texts.items()}
