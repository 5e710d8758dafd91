"""``python -m index`` with the hashing embedder instead of the real model, for tests that
need a separate process (a closed pipe, a read-only folder): python fake_model_cli.py ARGS…"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import index.api  # noqa: E402
from embedder import HashingEmbedder  # noqa: E402
from index.cli import main  # noqa: E402

index.api.load_embedder = lambda settings, **kw: HashingEmbedder(dim=64)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
