"""Bounded uploads: a file is counted while it streams in and never read past a limit.

Django keeps small uploads in memory and writes larger ones to a temporary file, with no size
limit of its own (DATA_UPLOAD_MAX_MEMORY_SIZE does not count files). `LimitedUploadHandler`, first
in FILE_UPLOAD_HANDLERS, counts each file's bytes and stops handing them on past
HARMONYHUB_UPLOAD_MAX_BYTES, so at most that much is buffered or written to disk; the file then
arrives as a `TooLargeUpload` marker carrying the size seen. `read_upload` is the one way views
read an upload: it refuses the marker and anything over the caller's own limit, and reads in
chunks, so nothing above the limit is ever held in memory.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from common.exceptions import ApplicationError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def upload_max_bytes() -> int:
    """The site-wide cap on one uploaded file (HARMONYHUB_UPLOAD_MAX_BYTES)."""
    return int(getattr(settings, "HARMONYHUB_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


class TooLargeUpload(UploadedFile):
    """Stands in for a file that went over the cap; its content was not kept."""

    too_large = True

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(b""), name, content_type, size)


class LimitedUploadHandler(FileUploadHandler):
    """Counts each file's bytes and stops passing them to the storing handlers past the cap."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.seen = 0
        self.limit = upload_max_bytes()

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        # Returning None keeps the chunk from the handlers after this one (memory/temp file).
        return raw_data if self.seen <= self.limit else None

    def file_complete(self, file_size):
        if self.seen > self.limit:
            return TooLargeUpload(self.file_name, self.content_type, self.seen)
        return None  # the next handler builds the real file


class UploadTooLarge(ApplicationError):
    """An upload over its limit: a 400 naming the field, or a form error."""

    def __init__(self, limit: int, field: str = "file"):
        text = f"The file is larger than {_human(limit)}."
        super().__init__(text, code="file_too_large", fields={field: [text]})


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    return f"{n / 1024:g} KB"


def read_upload(upload, *, limit: int | None = None, field: str = "file") -> bytes:
    """The upload's bytes, at most `limit` (and the site-wide cap); UploadTooLarge otherwise."""
    cap = upload_max_bytes() if limit is None else min(limit, upload_max_bytes())
    if getattr(upload, "too_large", False) or (upload.size or 0) > cap:
        raise UploadTooLarge(cap, field)
    data = bytearray()
    for chunk in upload.chunks():
        data += chunk
        if len(data) > cap:  # the declared size was wrong
            raise UploadTooLarge(cap, field)
    return bytes(data)


def read_upload_text(upload, *, limit: int | None = None, field: str = "file", encoding="utf-8"):
    """`read_upload` decoded; a file that is not text in `encoding` is an ApplicationError."""
    try:
        return read_upload(upload, limit=limit, field=field).decode(encoding)
    except UnicodeDecodeError:
        raise ApplicationError(
            "The file must be UTF-8 text.", code="bad_encoding", fields={field: ["Not UTF-8 text."]}
        ) from None
