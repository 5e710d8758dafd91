"""Run a build whose embedding is slowed down, so a test can kill it part way (kill -9)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from config import load_settings
from embedder import HashingEmbedder
from index.api import build_index


class SlowEmbedder(HashingEmbedder):
    def __init__(self, dim: int, per_text: float = 0.002) -> None:
        super().__init__(dim)
        self.per_text = per_text

    def embed(self, texts, kind, show_progress=False):
        time.sleep(self.per_text * len(texts))
        return super().embed(texts, kind)


if __name__ == "__main__":
    archive, data = Path(sys.argv[1]), Path(sys.argv[2])
    # A third argument "ray": embed on a local Ray (2 CPUs) instead of in this process.
    on_ray = sys.argv[3:] == ["ray"]
    settings = load_settings(data_dir=data, batch_size=2, ray="local" if on_ray else "")
    # On Ray, slower still: the test kills the build after the first batch is cached, and
    # the rest must not all have arrived by then.
    build_index(archive, settings, SlowEmbedder(dim=64, per_text=0.1 if on_ray else 0.002), progress=False)
    print("done", flush=True)
