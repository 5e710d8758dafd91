"""The learned ranker: a LightGBM LambdaMART model over ``features.FEATURES``, trained on
the training questions by ``python -m index train-ranker`` and shipped as one versioned
JSON file (``ranker.json`` beside this module, or the file ``CHITHI_RANKER_FILE`` names).

A second LambdaMART model, trained on the candidates of the gold document alone, orders the
first document's passages among the places they hold (``within``): the first model decides
which document and where its passages stand, the second which of its articles comes first.

Its fingerprint (a hash of the file) is recorded in the index manifest: an index built
with another ranker is refused until a build records the new one (no re-embedding).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from config import Settings
from embedder.tower import TowerWeights, tower_vectors
from index.errors import IndexMismatch
from index.retrieval.adapter import QueryAdapter, adapted_vector
from index.retrieval.features import FEATURES
from index.store.manifest import ranker_fingerprint
from index.store.reader import IndexReader

FORMAT = 1
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ranker:
    fingerprint: str
    features: tuple[str, ...]
    info: dict
    booster: object  # lightgbm.Booster, or any object with predict(matrix)
    answerability: dict | None = None  # index.answer.answerable's model, trained alongside
    adapter: QueryAdapter | None = None  # the question adapter (cos_adapted), trained alongside
    tower: TowerWeights | None = None  # the question tower (cos_adapted), trained alongside
    within: object | None = None  # the second stage over the first document's passages (or None)

    def question_vector(self, settings: Settings, text: str, search: np.ndarray) -> np.ndarray:
        """The question's vector for cos_adapted: the tower's (the model's question side
        fine-tuned, run on ``text``), else the adapter's map of the search vector, else that."""
        if self.tower is not None:
            return tower_vectors(self.tower, settings, [text])[0]
        return adapted_vector(self.adapter, search)

    def score(self, matrix: np.ndarray, docs: np.ndarray | None = None) -> np.ndarray:
        """Each row's score, higher first. With ``docs`` (each row's document) and a second
        stage, the first document's rows trade places by both models' standardised scores;
        the scores those places carry stay the first model's (the "not found" evidence reads
        them)."""
        if len(matrix) == 0:
            return np.zeros(0)
        scores = np.asarray(self.booster.predict(matrix, num_threads=1))  # type: ignore[attr-defined]
        if self.within is None or docs is None:
            return scores
        rows = first_document_rows(scores, docs)
        if len(rows) < 2:
            return scores
        # Only the first document's rows are reordered, so only they are scored again.
        return reorder_rows(scores, rows, self.within.predict(matrix[rows], num_threads=1))  # type: ignore[attr-defined]


def first_document_rows(first: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The rows of the best-scored row's document, best first by ``first``."""
    order = np.argsort(-first, kind="stable")
    return order[docs[order] == docs[order[0]]]


def reorder_rows(first: np.ndarray, rows: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``first`` with ``rows`` (best first, ``second`` their second-stage scores in that order)
    put in the order of their summed standardised ``first`` and ``second`` scores, in the places
    (and with the scores) they held. Training questions, paired 5-fold over three seeds: CV
    chunk@1 +1.3 to +2.7 over the first stage alone (docs/BENCHMARKS.md, "Within the document")."""

    def z(x: np.ndarray) -> np.ndarray:
        return (x - x.mean()) / (x.std() + 1e-9)

    chosen = rows[np.argsort(-(z(first[rows]) + z(second)), kind="stable")]
    out = first.copy()
    out[chosen] = first[rows]  # rows holds the places best first, so their scores descend
    return out


@dataclass(frozen=True)
class Averaged:
    """Models of one recipe trained with other seeds (bagging draws other rows and features):
    their scores averaged. One seed's ranking moves with the draw by more than most changes
    measured (docs/BENCHMARKS.md); the average moves less."""

    models: tuple

    def predict(self, matrix: np.ndarray, num_threads: int = 1) -> np.ndarray:
        return np.mean([m.predict(matrix, num_threads=num_threads) for m in self.models], axis=0)


@lru_cache(maxsize=4)
def load_ranker(path: Path) -> Ranker:
    """The ranker in ``path``; refuses one trained on other features, saying how to retrain."""
    import lightgbm

    if not path.is_file():
        raise IndexMismatch(
            f"No ranker at {path}: train one with `python -m index train-ranker` or set CHITHI_RANKER=fusion."
        )
    raw = path.read_bytes()
    data = json.loads(raw)
    if data.get("format") != FORMAT or tuple(data.get("features", ())) != FEATURES:
        raise IndexMismatch(
            f"The ranker {path} was trained on other features than this version computes: retrain it with "
            "`python -m index train-ranker` (minutes), or set CHITHI_RANKER=fusion."
        )
    texts = data["model"] if isinstance(data["model"], list) else [data["model"]]
    boosters = tuple(lightgbm.Booster(model_str=text) for text in texts)
    booster = boosters[0] if len(boosters) == 1 else Averaged(boosters)
    within = lightgbm.Booster(model_str=data["within_document"]) if data.get("within_document") else None
    return Ranker(
        ranker_fingerprint(path),
        FEATURES,
        data.get("info", {}),
        booster,
        data.get("answerability"),
        QueryAdapter.from_dict(data.get("adapter")),
        TowerWeights.from_dict(data.get("tower")),
        within,
    )


def configured_ranker(settings: Settings) -> Ranker | None:
    """The ranker the settings name; None when ranking by hand-set fusion."""
    path = settings.ranker_path
    return load_ranker(path) if path is not None else None


def ranker_for(settings: Settings, built_with: str | None) -> Ranker | None:
    """The configured ranker for an index whose vectors come from model ``built_with``
    (its manifest's model name). A ranker learned on one model's similarities means nothing
    on another's, so an index of another model is ranked by hand-set fusion instead (said
    once in the log; retrain with ``python -m index train-ranker`` for that model)."""
    ranker = configured_ranker(settings)
    trained_on = ranker.info.get("model") if ranker is not None else None
    if ranker is None or not trained_on or not built_with or trained_on == built_with:
        return ranker
    _say_fusion_once(trained_on, built_with)
    return None


def index_ranker(reader: IndexReader) -> Ranker | None:
    """``ranker_for`` the index ``reader`` holds (its manifest names the model)."""
    return ranker_for(reader.settings, reader.manifest.model if reader.manifest else None)


@lru_cache(maxsize=8)
def _say_fusion_once(trained_on: str, built_with: str) -> None:
    log.warning(
        "The ranker was trained on %s similarities, this index holds %s vectors: ranking by hand-set "
        "fusion (train a ranker for it with `python -m index train-ranker`).",
        trained_on,
        built_with,
    )


def save_ranker(
    path: Path,
    model: str | list[str],
    info: dict,
    answerability: dict | None = None,
    adapter: QueryAdapter | None = None,
    tower: TowerWeights | None = None,
    within: str | None = None,
) -> str:
    """Write the ranker file atomically (``model``: one LightGBM model as text, or several
    whose scores are averaged; ``within``: the second stage's, see ``Ranker.within``);
    returns its fingerprint."""
    data = {"format": FORMAT, "features": list(FEATURES), "info": info, "model": model}
    if answerability:
        data["answerability"] = answerability
    if adapter is not None:
        data["adapter"] = adapter.to_dict()
    if tower is not None:
        data["tower"] = tower.to_dict()
    if within:
        data["within_document"] = within
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(raw)
    tmp.replace(path)
    load_ranker.cache_clear()
    return ranker_fingerprint(path)
