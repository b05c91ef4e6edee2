"""Uploads waiting for confirmation: kept in a private server directory, named by a random token.

The token is remembered in the uploader's session, so only the person who
uploaded a file can preview or confirm it, and confirmation applies exactly the
bytes that were previewed (re-validated at that moment).
"""

import contextlib
import hashlib
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "mamori_roster_uploads"
# Files left behind by abandoned previews are removed after this many seconds.
MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def upload_dir() -> Path:
    path = Path(getattr(settings, "MAMORI_ROSTER_UPLOAD_DIR", settings.VAR_DIR / "roster-uploads"))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _path_for(token: str) -> Path:
    if not _TOKEN_PATTERN.match(token):
        raise ValueError("Malformed upload token")
    return upload_dir() / f"{token}.upload"


def _stale_remove() -> None:
    limit = time.time() - MAX_AGE_SECONDS
    for path in upload_dir().glob("*.upload"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue


def pending_upload_save(*, session, data: bytes, file_name: str, full: bool) -> str:
    """Keep the bytes until the uploader confirms; returns the token."""
    _stale_remove()
    token = secrets.token_urlsafe(24)
    path = _path_for(token)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
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
        data = _path_for(token).read_bytes()
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
        _path_for(token).unlink()
