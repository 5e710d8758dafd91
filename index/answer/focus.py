"""The action an English "who" question asks about: the verb right after "who" or after
"which body/agency/…" ("Who *chaired* the conference on Conclusion 20-KL/TW?", "Which agency
*approves* …"). Every sentence of a passage shares its topic (the conference, the
conclusion); the one that answers is the one stating that action, and the model's
cross-lingual reading of the question weighs the topic over the verb."""

from __future__ import annotations

import re

from index.retrieval.glossary import Glossary, tokens

# The question word that opens the question or a clause of it ("In Bac Ninh's plan, who …"):
# not a relative "who" ("athletes who win") nor an object question ("to which office must …").
_ASKING = re.compile(r"(?:^|[,;:]\s*)(who|which|what)\b", re.IGNORECASE)

_ASKING_NOUNS = frozenset(
    """body bodies agency agencies ministry ministries department departments unit units office offices
    committee committees council councils authority authorities organisation organization organisations
    organizations person people leader leaders""".split()
)
# Between the question word and the verb: "Who *must* approve", "Which body *is* tasked with".
_BETWEEN = frozenset("must will shall should would can could may is are was were".split())


def action_phrases(glossary: Glossary, question: str) -> tuple[str, ...]:
    """The folded Vietnamese forms of the verb a "who"-shaped question asks about; ``()`` for
    any other question or when the glossary does not know the verb."""
    question = question.strip()
    m = _ASKING.search(question)
    if m is None:
        return ()
    original = tokens(question[m.start(1) :])
    lowered = [w.lower() for w in original]
    slot = 1
    if lowered[0] != "who":
        if len(lowered) < 2 or lowered[1] not in _ASKING_NOUNS:
            return ()
        slot = 2
    while slot < len(lowered) and lowered[slot] in _BETWEEN:
        slot += 1
    if slot >= len(lowered):
        return ()
    terms = glossary.terms(original[slot])
    return terms[0].folded if terms and terms[0].known else ()
