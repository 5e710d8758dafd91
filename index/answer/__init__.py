"""Answers: the passages a question's hits are cited as, their answering sentences,
citations. Uses retrieval/ and store/; never evaluation/."""
