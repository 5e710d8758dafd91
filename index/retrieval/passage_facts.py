"""What the ranker reads of a passage's text, worked out once per passage text and
remembered: its folded words (one space-separated string), the kinds of answer it holds, and
the same two for each of its sentences.

Keyed by the text itself (chunk ids restart in every index a process may open); the
memory is bounded and simply forgotten when full.
"""

from __future__ import annotations

from corpus.answer_kinds import Holds, text_holds
from corpus.sentences import sentences
from corpus.vietnamese import fold, words

MAX_REMEMBERED = 30_000  # ~2 KB each (text and words): ~60 MB at most

_spaced: dict[str, str] = {}
_holds: dict[str, Holds] = {}
_sentences: dict[str, tuple[tuple[str, Holds], ...]] = {}


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


def sentence_facts(text: str) -> tuple[tuple[str, Holds], ...]:
    """Each sentence of a passage (``corpus.sentences``, the rule that splits a cited
    passage) as its folded words (" w1 w2 … ") and the kinds of answer it holds."""
    found = _sentences.get(text)
    if found is None:
        # Folded once for the whole passage; sliced by the sentences' spans where folding kept
        # every character in place (NFC Vietnamese text), else folded sentence by sentence.
        whole = fold(text)
        facts = []
        for start, end in sentences(text):
            folded = whole[start:end] if len(whole) == len(text) else fold(text[start:end])
            facts.append((" " + " ".join(words(folded)) + " ", text_holds(text[start:end], folded)))
        found = tuple(facts)
        _remember(_sentences, text, found)
    return found
