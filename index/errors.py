"""Problems a caller can act on; every message says what to do. Used by all stages."""

from __future__ import annotations


class IndexError_(RuntimeError):
    """Base for index problems whose message says what to do."""


class NoIndex(IndexError_):
    """No finished build in the data folder."""


class IndexMismatch(IndexError_):
    """The index was built with another model, chunking or format."""


class EmptyQuery(ValueError):
    """The query has nothing searchable (empty, or punctuation only)."""


class DocumentNotFound(LookupError):
    """No document with that id or number in the index."""
