"""File storage that never leaves a half-written file behind.

Django's FileSystemStorage writes straight to the final name, so a full or read-only volume
leaves a truncated file that looks real (a WAV cut at 200 KB, an empty MIDI). This writes to a
temporary name in the same directory, flushes it to disk, and only then links it into place;
on any error the temporary file is removed. A full, read-only or over-quota volume raises
`common.outage.StorageUnavailable`, which the error handlers answer with 507.
"""

from __future__ import annotations

import contextlib
import os
import uuid

from django.core.files.storage import FileSystemStorage

from common.outage import STORAGE_ERRNOS, StorageUnavailable


def _copy(content, handle) -> None:
    for chunk in content.chunks():
        handle.write(chunk)


class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose files appear complete or not at all."""

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        tmp_name = f".{os.path.basename(full_path)}.{uuid.uuid4().hex}.part"
        tmp_path = os.path.join(directory, tmp_name)
        try:
            os.makedirs(directory, exist_ok=True)
            with open(tmp_path, "xb") as handle:
                _copy(content, handle)
                handle.flush()
                os.fsync(handle.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(tmp_path, self.file_permissions_mode)
            while True:
                try:
                    os.link(tmp_path, full_path)  # never overwrites an existing file
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        except OSError as exc:
            _remove(tmp_path)
            if exc.errno in STORAGE_ERRNOS:
                raise StorageUnavailable(exc.errno, f"cannot write {name}: {exc.strerror}") from exc
            raise
        _remove(tmp_path)
        return str(name).replace("\\", "/")


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
