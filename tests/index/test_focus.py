"""The action a "who" question asks about, which the answering sentence states while the
passage's other sentences share its topic."""

from __future__ import annotations

import pytest

from index.answer.focus import action_phrases
from index.retrieval.glossary import default_glossary


@pytest.mark.parametrize(
    "question, action",
    [
        # The seed bulletin: its opening names the conference in every sentence; one says who chaired.
        ("Who chaired the conference on Conclusion 20-KL/TW?", "chu tri"),
        ("Which agency must approve the 2022 vaccination plan of Quang Ninh?", "phe duyet"),
        (
            "In Quang Ninh's Notice 508-TB/TU, who is responsible for the booster campaign?",
            "chiu trach nhiem",
        ),
        ("Which department guides the communes on the February 2022 vaccine targets?", "huong dan"),
        ("      In Quang Ninh, who chaired the conference?", "chu tri"),  # as pasted, spaces first
    ],
)
def test_the_verb_after_the_question_word(question, action):
    assert action in action_phrases(default_glossary(), question)


@pytest.mark.parametrize(
    "question",
    [
        "What are the vaccine targets for February 2022?",  # not a "who" question
        "What support do athletes who win an Olympic medal get?",  # a relative "who"
        "To which office must communes send their reports?",  # an object question
        "Which plan did Quang Ninh issue in February 2022?",  # "plan" is not a body
        "Who?",
    ],
)
def test_no_action(question):
    assert action_phrases(default_glossary(), question) == ()
