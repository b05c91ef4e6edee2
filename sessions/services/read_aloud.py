"""The read-aloud pledge session: recording, at the end of the reading, that each attendee heard
the pledge in their language beside the Japanese and understood it; and the clause recordings
played during the reading.

Invariants:
- recording closes the session, once: for every attendee ticked present it writes a pledge record
  (method "read aloud", confirmed on their behalf, with the facilitator's and interpreter's names)
  and completes their read-aloud assignment; attendees not ticked are absent and stay open;
- all of it is one transaction; the sealed PDFs stored for pledges of a rolled-back recording are
  removed again, so nothing is half-written;
- a clause recording is an audio file recognised by its first bytes, at most ``MAX_AUDIO_BYTES``.
"""

import datetime
import hashlib
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit.services import audit_log
from pledges.models import PledgeVersion
from pledges.services import PledgeRefused
from pledges.services.signing import pledge_record_read_aloud
from pledges.services.texts import TITLE_KEY, source_segments

from ..models import ClauseRecording, SessionAttendee, SessionKind, TrainingSession
from . import SessionRefused
from .attendance import _closed, attendance_complete, session_close_refusal

MAX_AUDIO_BYTES = 20 * 1024 * 1024
# Recognised by the first bytes; the extension is what the file is stored with.
AUDIO_EXTENSIONS = {
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg",
    "audio/wav": "wav",
    "audio/mp4": "m4a",
    "audio/webm": "webm",
}


def occasion_of(session: TrainingSession) -> str:
    return f"session:{session.pk}"


def read_aloud_record(
    *,
    session: TrainingSession,
    actor,
    present_ids: Iterable[int],
    facilitator_name: str,
    interpreter_name: str,
    now: datetime.datetime | None = None,
) -> TrainingSession:
    """Record the reading for the attendees in ``present_ids`` and close the session."""
    now = now or timezone.now()
    facilitator_name = (facilitator_name or "").strip()
    interpreter_name = (interpreter_name or "").strip()
    present_ids = {int(i) for i in present_ids}
    if not facilitator_name:
        raise SessionRefused(_("Name the facilitator who read the pledge aloud. Nothing was recorded."))
    stored = []
    try:
        with transaction.atomic():
            # Only the session's row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of
            # the outer join to its pledge version (the version is published, hence immutable).
            session = (
                TrainingSession.objects.select_for_update(of=("self",))
                .select_related("pledge_version")
                .get(pk=session.pk)
            )
            refusal = session_close_refusal(session, now=now)
            if refusal:
                raise SessionRefused(refusal)
            if session.kind != SessionKind.READ_ALOUD:
                raise SessionRefused(_("Only a read-aloud session records a pledge."))
            attendees = list(session.attendees.select_related("assignment", "employee"))
            unknown = present_ids - {a.pk for a in attendees}
            if unknown:
                raise SessionRefused(_("Someone ticked is not on this session's list. Nothing was recorded."))
            if not present_ids:
                raise SessionRefused(
                    _("Tick the attendees who heard the pledge read. If nobody came, cancel the session instead.")
                )
            session.facilitator_name = facilitator_name
            if interpreter_name != session.interpreter_name:
                session.interpreter_name = interpreter_name
                session.save(update_fields=["interpreter_name"])
            for attendee in attendees:
                attendee.attended = attendee.pk in present_ids
                if not attendee.attended:
                    continue
                attendee.pledge = pledge_record_read_aloud(
                    actor=actor,
                    employee=attendee.employee,
                    version=session.pledge_version,
                    language=attendee.language,
                    read_on=session.held_on,
                    facilitator_name=facilitator_name,
                    interpreter_name=interpreter_name,
                    occasion=occasion_of(session),
                    note=f"{session.title} · {session.place}",
                )
                stored.append(attendee.pledge.pdf)
                attendance_complete(session=session, attendee=attendee, actor=actor)
            SessionAttendee.objects.bulk_update(attendees, ["attended", "completion", "note", "pledge"])
            _closed(
                session,
                actor=actor,
                now=now,
                attendees=attendees,
                facilitator=facilitator_name,
                interpreter=interpreter_name,
            )
    except PledgeRefused as error:
        _forget(stored)
        raise SessionRefused(f"{error} " + _("Nothing was recorded.")) from error
    except Exception:
        _forget(stored)
        raise
    return session


def _forget(files) -> None:
    for file in files:
        file.delete(save=False)


def audio_type(upload: UploadedFile) -> str:
    """The MIME type of an accepted recording; ``SessionRefused`` otherwise."""
    if upload.size > MAX_AUDIO_BYTES:
        raise SessionRefused(
            _("The recording is larger than %(size)d MB. Save it at a lower bit rate and try again.")
            % {"size": MAX_AUDIO_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        return "audio/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm"
    raise SessionRefused(_("The recording must be an MP3, M4A, OGG, WAV or WebM audio file."))


def clause_positions(version: PledgeVersion) -> list[int]:
    """0 for the title, then the clause numbers."""
    return [0 if key == TITLE_KEY else int(key.split("/")[1]) for key in source_segments(version)]


def clause_recording_upload(
    *, actor, version: PledgeVersion, position: int, language: str, upload: UploadedFile
) -> ClauseRecording:
    """Store the recording of one clause in one language, replacing an earlier one."""
    if position not in clause_positions(version):
        raise SessionRefused(_("This pledge has no such clause."))
    mime = audio_type(upload)
    upload.seek(0)
    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        old = (
            ClauseRecording.objects.select_for_update()
            .filter(version=version, position=position, language=language)
            .first()
        )
        recording = ClauseRecording(
            version=version, position=position, language=language, mime=mime, sha256=digest, uploaded_by=actor
        )
        name = (
            f"{version.pledge_type.code}-v{version.number}-{position}-{language}-{digest[:8]}.{AUDIO_EXTENSIONS[mime]}"
        )
        recording.audio.save(name, ContentFile(data), save=False)
        try:
            if old is not None:
                old_file = old.audio
                old.delete()
            recording.save()
            audit_log(
                actor=actor,
                action="mamori.clause_recording.upload",
                instance=version,
                data={"position": position, "language": language, "sha256": digest, "replaced": old is not None},
            )
        except Exception:
            recording.audio.delete(save=False)
            raise
    if old is not None:
        transaction.on_commit(lambda: old_file.delete(save=False))
    return recording


def clause_recording_delete(*, recording: ClauseRecording, actor) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="mamori.clause_recording.delete",
            instance=recording.version,
            data={"position": recording.position, "language": recording.language, "sha256": recording.sha256},
        )
        file = recording.audio
        recording.delete()
    file.delete(save=False)
