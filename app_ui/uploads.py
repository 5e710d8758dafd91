"""The upload rules live in ``corpus.uploads`` (the page and the REST API share them)."""

from __future__ import annotations

from corpus.uploads import (
    ALLOWED_EXTENSIONS,
    UPLOAD_DIR,
    UploadRejected,
    UploadResult,
    sanitize_filename,
    save_uploads,
    validate_upload,
)

__all__ = [
    "ALLOWED_EXTENSIONS",
    "UPLOAD_DIR",
    "UploadRejected",
    "UploadResult",
    "sanitize_filename",
    "save_uploads",
    "validate_upload",
]
