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


class IndexDamaged(IndexError_):
    """The index files are unreadable or disagree (SQLite damaged, vectors missing or short)."""


class ArchiveMissing(IndexError_):
    """The archive folder the index was built from is not there (an unmounted share?)."""


class ArchiveChanged(IndexError_):
    """A build of another folder than the one the index was built from, without --rebuild."""


class ReadOnlyData(IndexError_):
    """The data folder cannot be written: a build needs it, searching does not."""


class DiskFull(IndexError_):
    """The disk filled up during a build; the previous index is unchanged."""


class BadQuery(ValueError):
    """A query that is not text (bytes that are not UTF-8) or asks for no results."""
