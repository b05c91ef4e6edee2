"""Pending roster uploads in the private storage (a directory here; a bucket in tests/storage)."""

import os
import stat
import time

from lms.roster import uploads


def test_an_upload_is_kept_privately_until_discarded(private_files):
    session = {}
    token = uploads.pending_upload_save(session=session, data=b"a,b\r\n", file_name="roster.csv", full=False)
    path = private_files / "roster-uploads" / token
    assert path.read_bytes() == b"a,b\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    meta, data = uploads.pending_upload_get(session=session, token=token)
    assert (meta["file_name"], meta["full"], data) == ("roster.csv", False, b"a,b\r\n")

    assert uploads.pending_upload_get(session={}, token=token) is None  # another session
    assert uploads.pending_upload_get(session=session, token="../../etc/passwd") is None
    path.write_bytes(b"changed")
    assert uploads.pending_upload_get(session=session, token=token) is None  # not what was previewed

    uploads.pending_upload_discard(session=session, token=token)
    assert not path.exists()
    assert token not in session[uploads.SESSION_KEY]


def test_abandoned_uploads_are_removed_by_the_next_upload(private_files):
    session = {}
    old = uploads.pending_upload_save(session=session, data=b"old", file_name="old.csv", full=False)
    recent = uploads.pending_upload_save(session=session, data=b"recent", file_name="recent.csv", full=False)
    long_ago = time.time() - uploads.MAX_AGE_SECONDS - 60
    os.utime(private_files / "roster-uploads" / old, (long_ago, long_ago))
    latest = uploads.pending_upload_save(session=session, data=b"latest", file_name="latest.csv", full=False)
    assert sorted(p.name for p in (private_files / "roster-uploads").iterdir()) == sorted([recent, latest])
    assert uploads.pending_upload_get(session=session, token=old) is None
