"""Embed a build's new chunks on a Ray cluster (``python -m index build ARCHIVE --ray ADDRESS``).

Only step 3 of a build moves (see build.py): the chunks the embedding cache lacks go to a
Ray Data pipeline, ``map_batches`` over a pool of actors that each load the embedder once,
and the vectors stream back into the cache here, committed every ``batch`` rows, exactly as
a single-process build commits them. The index commit is unchanged: one SQLite
transaction after every vector is cached, so a Ray build killed at any moment leaves the
previous index as it was, and the next build (with or without Ray) embeds only what is
still missing.

Every actor reports its embedder's fingerprint with its vectors; a worker configured
otherwise than this process (another model, backend, device or precision) stops the build
before anything of its is cached: vectors of two embedders are never mixed.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from config import PROJECT_ROOT, Settings
from embedder import Embedder, load_embedder
from index.store.embedding_cache import EmbeddingCache

log = logging.getLogger(__name__)


class EmbedActor:
    """One Ray actor: loads the embedder once, embeds the batches it is handed."""

    def __init__(self, make: Callable[[], Embedder]) -> None:
        self.embedder = make()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        texts = [str(t) for t in batch["text"]]
        vecs = self.embedder.embed(texts, "passage")
        return {
            "hash": batch["hash"],
            "vec": vecs,
            "fingerprint": np.array([self.embedder.fingerprint] * len(texts), dtype=object),
        }


def embedder_factory(embedder: Embedder, settings: Settings) -> Callable[[], Embedder]:
    """How an actor gets the same embedder: the real one is loaded again from the settings
    (a model does not travel well between processes); a small fake (tests) is copied."""
    if getattr(embedder, "placement", None) is not None:
        return partial(load_embedder, settings)
    return partial(copy.deepcopy, embedder)


def runtime_env() -> dict:
    """Workers import this project's modules (the actor class, the embedder): the project
    root goes on their path. A cluster's nodes need the project installed at the same path."""
    return {"env_vars": {"PYTHONPATH": str(PROJECT_ROOT)}}


def connect(address: str, num_cpus: int | None = None) -> None:
    """Join the cluster at ``address``, or start a local Ray for "local" (all cores unless
    ``num_cpus``); a Ray already started in this process (a test's) is used as it is."""
    import ray

    if ray.is_initialized():
        return
    if address == "local":
        ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False, runtime_env=runtime_env())
    else:
        ray.init(address=address, log_to_driver=False, runtime_env=runtime_env())


def _pool(resources: dict[str, float], cpus_per_actor: int) -> tuple[int, dict]:
    """(actors, resources of each): one per GPU when the cluster has GPUs, else one per
    ``cpus_per_actor`` CPUs (one thread each by default: data parallel, no thread barriers)."""
    gpus = int(resources.get("GPU", 0))
    if gpus:
        return gpus, {"num_gpus": 1}
    cpus = int(resources.get("CPU", 1))
    return max(1, cpus // cpus_per_actor), {"num_cpus": cpus_per_actor}


def fill_with_ray(
    cache: EmbeddingCache,
    fingerprint: str,
    todo: Sequence[tuple[str, str]],
    make: Callable[[], Embedder],
    *,
    batch: int = 256,
    actor_batch: int = 32,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Embed the (hash, text) pairs ``todo`` on the connected Ray cluster into ``cache``."""
    import ray

    if not todo:
        return 0
    actors, each = _pool(ray.cluster_resources(), cpus_per_actor=1)
    # A few blocks per actor: enough to balance the pool, few enough that per-block
    # scheduling (milliseconds each) stays small next to embedding.
    blocks = max(1, min(len(todo) // actor_batch, actors * 4))
    ds = ray.data.from_items([{"hash": h, "text": t} for h, t in todo], override_num_blocks=blocks)
    out = ds.map_batches(
        EmbedActor,
        fn_constructor_args=(make,),
        batch_size=actor_batch,
        batch_format="numpy",
        concurrency=min(actors, max(1, len(todo) // actor_batch)),
        **each,
    )
    done = 0
    for part in out.iter_batches(batch_size=batch, batch_format="numpy", prefetch_batches=1):
        wrong = {str(f) for f in part["fingerprint"]} - {fingerprint}
        if wrong:
            raise RuntimeError(
                f"A Ray worker embeds with {sorted(wrong)[0]!r}, this build with {fingerprint!r}: configure "
                "every node like this one (model, backend, device, quantize) or build without --ray."
            )
        vecs = np.asarray(np.stack(part["vec"]), dtype=np.float32)
        cache.put(fingerprint, [str(h) for h in part["hash"]], vecs)
        done += len(vecs)
        if progress:
            progress(len(vecs))
    log.info("Ray: %d chunks embedded by %d actors", done, actors)
    return done


def embed_missing(
    items, settings: Settings, embedder: Embedder, cache: EmbeddingCache, batch: int, advance
) -> int:
    """A build's step 3 on Ray (``settings.ray``): the (hash, text) ``items`` the cache lacks."""
    missing = cache.missing(embedder.fingerprint, [h for h, _ in items])
    todo = list({h: t for h, t in items if h in missing}.items())
    connect(settings.ray)
    make = embedder_factory(embedder, settings)
    return fill_with_ray(
        cache,
        embedder.fingerprint,
        todo,
        make,
        batch=batch,
        actor_batch=settings.batch_size,
        progress=advance,
    )
