"""Training of the question tower (``embedder.tower``) on the training questions' candidates:
the same listwise loss as the linear adapter (the gold passages' share of a softmax over the
question's candidates, temperature ``TAU``), with the base model frozen and a rank-``RANK``
update B·A learned for each linear layer of its 12 blocks. Passages keep their stored vectors:
only the question side is trained. Chosen by document-grouped cross-validation on the
training questions (docs/BENCHMARKS.md, "Question tower"); about 25 s an epoch for 480
questions on 2 cores (40 s on one).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from config import Settings
from embedder.tower import RANK, TowerWeights, base_model, layer, target_names

TAU = 0.01
EPOCHS = 3
BATCH = 16
LEARNING_RATE = 5e-4
SEED = 7


@dataclass(frozen=True)
class TowerExample:
    """One training question: the text the model embeds, its candidates' vectors, which are gold."""

    text: str
    passages: np.ndarray  # (candidates, dim)
    gold: np.ndarray  # (candidates,) bool


def _lora_linear(base, rank: int):
    import torch

    class LoRALinear(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = base
            self.a = torch.nn.Parameter(torch.empty(rank, base.in_features))
            torch.nn.init.kaiming_uniform_(self.a, a=5**0.5)
            self.b = torch.nn.Parameter(torch.zeros(base.out_features, rank))

        def forward(self, x):
            return self.base(x) + (x @ self.a.T) @ self.b.T

    return LoRALinear()


@contextmanager
def _threads(settings: Settings) -> Iterator[None]:
    """All configured torch threads while training: question embedding leaves the process on
    one (embedder.st_embedder: right for a short query; a training batch on 2 cores runs 1.7x
    faster on both: docs/BENCHMARKS.md)."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(settings.torch_threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def train_tower(examples: list[TowerExample], settings: Settings, seed: int = SEED) -> TowerWeights:
    """The LoRA updates learned on ``examples`` (those with no gold candidate teach nothing)."""
    with _threads(settings):
        return _train(examples, settings, seed)


def _train(examples: list[TowerExample], settings: Settings, seed: int) -> TowerWeights:
    import torch

    torch.manual_seed(seed)
    model, _ = base_model(settings)
    bert = model[0].auto_model
    for p in model.parameters():
        p.requires_grad = False
    wrapped = {}
    for name in target_names(bert):
        parent_name, _, attr = name.rpartition(".")
        parent = layer(bert, parent_name)
        wrapped[name] = _lora_linear(getattr(parent, attr), RANK)
        setattr(parent, attr, wrapped[name])
    params = [p for m in wrapped.values() for p in (m.a, m.b)]
    optimiser = torch.optim.AdamW(params, lr=LEARNING_RATE, weight_decay=0.0)
    prompt = model.prompts.get("query", "")
    usable = [e for e in examples if e.gold.any()]
    passages = [torch.from_numpy(np.asarray(e.passages, np.float32)) for e in usable]
    gold = [torch.from_numpy(np.asarray(e.gold, bool)) for e in usable]
    model.train()
    for epoch in range(EPOCHS):
        order = np.random.default_rng(seed + epoch).permutation(len(usable))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            features = model.preprocess([prompt + usable[i].text for i in batch])
            vectors = torch.nn.functional.normalize(model(features)["sentence_embedding"], dim=-1)
            loss = torch.zeros(())
            for k, i in enumerate(batch):
                s = passages[i] @ vectors[k] / TAU
                loss = loss - (torch.logsumexp(s[gold[i]], 0) - torch.logsumexp(s, 0))
            optimiser.zero_grad()
            (loss / len(batch)).backward()
            optimiser.step()
    return TowerWeights.of({n: (m.a.detach().numpy(), m.b.detach().numpy()) for n, m in wrapped.items()})
