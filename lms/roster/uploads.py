"""Uploads waiting for confirmation: kept in the private storage, named by a random token.

The token is remembered in the uploader's session, so only the person who
uploaded a file can preview or confirm it, and confirmation applies exactly the
bytes that were previewed (re-validated at that moment). The private storage is
shared by every web process (a bucket in production), so the preview and the
confirmation may be answered by a different process, or host, than the upload.
"""

import contextlib
import datetime
import hashlib
import logging
import re
import secrets

from django.core.files.base import ContentFile
from django.utils import timezone

from lms.storage import private_storage

SESSION_KEY = "mamori_roster_uploads"
# Files left behind by abandoned previews are removed after this many seconds.
MAX_AGE_SECONDS = 24 * 60 * 60
UPLOAD_PREFIX = "roster-uploads"
_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

log = logging.getLogger("mamori.roster")


def _name_for(token: str) -> str:
    if not _TOKEN_PATTERN.match(token):
        raise ValueError("Malformed upload token")
    return f"{UPLOAD_PREFIX}/{token}"


def _stale_remove() -> None:
    storage = private_storage()
    limit = timezone.now() - datetime.timedelta(seconds=MAX_AGE_SECONDS)
    try:
        _directories, names = storage.listdir(UPLOAD_PREFIX)
    except FileNotFoundError:  # a directory not made yet
        return
    for name in names:
        path = f"{UPLOAD_PREFIX}/{name}"
        with contextlib.suppress(FileNotFoundError):  # removed meanwhile by another process
            if storage.get_modified_time(path) < limit:
                storage.delete(path)


def pending_upload_save(*, session, data: bytes, file_name: str, full: bool) -> str:
    """Keep the bytes until the uploader confirms; returns the token."""
    try:
        _stale_remove()
    except Exception:
        # Housekeeping only: the upload goes on, and the next one tries again.
        log.warning("Removing abandoned roster uploads failed", exc_info=True)
    token = secrets.token_urlsafe(24)
    private_storage().save(_name_for(token), ContentFile(data))
    uploads = dict(session.get(SESSION_KEY, {}))
    uploads[token] = {"file_name": file_name, "full": full, "sha256": hashlib.sha256(data).hexdigest()}
    session[SESSION_KEY] = uploads
    return token


def pending_upload_get(*, session, token: str) -> tuple[dict, bytes] | None:
    """The upload's details and bytes, if this session made it and it is still there unchanged."""
    meta = session.get(SESSION_KEY, {}).get(token)
    if meta is None:
        return None
    try:
        with private_storage().open(_name_for(token), "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        return None
    if hashlib.sha256(data).hexdigest() != meta["sha256"]:
        return None
    return meta, data


def pending_upload_discard(*, session, token: str) -> None:
    uploads = dict(session.get(SESSION_KEY, {}))
    uploads.pop(token, None)
    session[SESSION_KEY] = uploads
    with contextlib.suppress(FileNotFoundError, ValueError):
        private_storage().delete(_name_for(token))
