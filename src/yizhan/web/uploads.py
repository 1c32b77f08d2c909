"""Uploaded files: the size limit, and the previews kept between an import's check and commit.

**Size.** :class:`LimitedUploadHandler` is the first of ``FILE_UPLOAD_HANDLERS``, so it sees
every chunk of every uploaded file as Django streams the request body, before the CSRF check
or any view reads it. A file larger than ``YIZHAN_IMPORT_MAX_BYTES`` (by the request's
Content-Length, or by counting when that is absent or lies) is drained and dropped chunk by
chunk: the form receives an empty :class:`OversizeUpload` that says how big it was, and the
view answers with the limit instead of reading 50 MB into memory.

**Previews.** A checked import file is kept under ``$YIZHAN_DATA_DIR/uploads/<token>`` until
it is committed. Previews never committed are deleted after ``YIZHAN_IMPORT_PREVIEW_MAX_AGE``
seconds (a day) by :func:`remove_stale_previews`, which every import request calls: the
directory holds a handful of files, so listing it costs nothing, and no scheduler has to be
set up on the intranet server for the cleaning to happen.
"""

from __future__ import annotations

import io
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

__all__ = ["LimitedUploadHandler", "OversizeUpload", "refuse_oversize", "save_preview",
           "take_preview", "remove_stale_previews"]


class OversizeUpload(InMemoryUploadedFile):
    """What a form gets instead of a file over the limit: no content, and the size it had
    (as ``size``, so a form's "empty file" check does not hide the real reason)."""

    def __init__(self, field_name: str, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(), field_name, name, content_type, size, None)
        self.refused_size = size


def refuse_oversize(upload) -> None:
    """The form error (code ``too_large``) for a file the handler dropped; every form with a
    file field calls it in its ``clean_<field>``."""
    size = getattr(upload, "refused_size", None)
    if size is not None:
        raise ValidationError(_(
            "文件太大（%(size)s）：一次最多导入 %(limit)s。请把文件拆开分几次导入。") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(settings.YIZHAN_IMPORT_MAX_BYTES)}, code="too_large")


class LimitedUploadHandler(FileUploadHandler):
    """Drop every chunk of a file once it is known to exceed ``YIZHAN_IMPORT_MAX_BYTES``."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_length = content_length

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = settings.YIZHAN_IMPORT_MAX_BYTES
        self.received = 0
        # the whole body is only a little larger than the file: when even the body is
        # within the limit the file is too; when it is far over, the file is refused unread
        self.refused = self.request_length > self.limit + 64 * 1024

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused = True
        return None if self.refused else raw_data

    def file_complete(self, file_size):
        if self.refused:
            return OversizeUpload(self.field_name, self.file_name, self.received,
                                  self.content_type)
        return None  # the next handler (memory or temporary file) has the file


# ------------------------------------------------------------------ previews
def _directory() -> Path:
    path = Path(settings.DATA_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_preview(data: bytes) -> str:
    """Keep ``data`` until it is committed; the token that names it."""
    token = uuid.uuid4().hex
    (_directory() / token).write_bytes(data)
    return token


def take_preview(token: str) -> bytes | None:
    """The bytes kept under ``token``, removed from disk; None if gone or not a token."""
    if not (len(token) == 32 and all(c in "0123456789abcdef" for c in token)):
        return None
    path = _directory() / token
    try:
        data = path.read_bytes()
    except OSError:
        return None
    path.unlink(missing_ok=True)
    return data


def remove_stale_previews(now: float | None = None) -> int:
    """Delete previews older than ``YIZHAN_IMPORT_PREVIEW_MAX_AGE``; how many were deleted."""
    cutoff = (now or time.time()) - settings.YIZHAN_IMPORT_PREVIEW_MAX_AGE
    removed = 0
    for path in _directory().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:  # removed by a concurrent request
            continue
    return removed
