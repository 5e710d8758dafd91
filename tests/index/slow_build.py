"""Run a build whose embedding is slowed down, so a test can kill it part way (kill -9)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from config import load_settings
from embedder import HashingEmbedder
from index.api import build_index


class SlowEmbedder(HashingEmbedder):
    def embed(self, texts, kind, show_progress=False):
        time.sleep(0.002 * len(texts))
        return super().embed(texts, kind)


if __name__ == "__main__":
    archive, data = Path(sys.argv[1]), Path(sys.argv[2])
    # A third argument "ray": embed on a local Ray (2 CPUs) instead of in this process.
    settings = load_settings(data_dir=data, batch_size=2, ray="local" if sys.argv[3:] == ["ray"] else "")
    build_index(archive, settings, SlowEmbedder(dim=64), progress=False)
    print("done", flush=True)
