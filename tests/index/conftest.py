"""The ``archive``, ``fake_settings`` and ``fake_embedder`` fixtures live in tests/conftest.py
(the server tests use them too)."""
