"""The store: SQLite schema and SQL, FAISS vectors, manifest, embedding cache, the
reader, and the incremental crash-safe build. Uses corpus/ and embedder/; never
retrieval/, answer/ or evaluation/."""
