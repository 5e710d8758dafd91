"""Training of the question adapter (``index.retrieval.adapter``) on the training
questions' candidates: a listwise loss (the gold passages' share of a softmax over the
question's candidates, temperature ``TAU``) with A kept near zero by an L2 penalty
``LAMBDA``. Chosen by grouped cross-validation on the training questions
(docs/BENCHMARKS.md, "Question adapter"); trains in seconds on 2 cores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.retrieval.adapter import QueryAdapter

LAMBDA = 0.01
TAU = 0.05
EPOCHS = 60
BATCH = 32
LEARNING_RATE = 1e-3


@dataclass(frozen=True)
class Example:
    """One training question: its search vector, its candidates' vectors, which are gold."""

    query: np.ndarray  # (dim,)
    passages: np.ndarray  # (candidates, dim)
    gold: np.ndarray  # (candidates,) bool


def train_adapter(examples: list[Example], seed: int = 7) -> QueryAdapter:
    """The adapter learned on ``examples`` (those with no gold candidate teach nothing)."""
    import torch

    dim = examples[0].query.shape[0] if examples else 0
    usable = [e for e in examples if e.gold.any()]
    if not usable:
        return QueryAdapter(np.zeros((dim, dim), np.float32))
    a = torch.zeros(dim, dim, requires_grad=True)
    opt = torch.optim.Adam([a], lr=LEARNING_RATE)
    queries = [torch.from_numpy(np.asarray(e.query, np.float32)) for e in usable]
    passages = [torch.from_numpy(np.asarray(e.passages, np.float32)) for e in usable]
    gold = [torch.from_numpy(np.asarray(e.gold, bool)) for e in usable]
    for epoch in range(EPOCHS):
        order = np.random.default_rng(seed + epoch).permutation(len(usable))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            loss = torch.zeros(())
            for i in batch:
                q = queries[i] + a @ queries[i]
                s = passages[i] @ (q / q.norm()) / TAU
                loss = loss - (torch.logsumexp(s[gold[i]], 0) - torch.logsumexp(s, 0))
            loss = loss / len(batch) + LAMBDA * (a**2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return QueryAdapter(a.detach().numpy().astype(np.float32))
