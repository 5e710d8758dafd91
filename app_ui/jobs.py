"""The background build runner lives in ``index.jobs`` (the page and the REST API share it)."""

from __future__ import annotations

from index.jobs import Job, JobRunner

__all__ = ["Job", "JobRunner"]
