"""Checking in, ticking people present, closing a session, attaching its signed sheet.

Invariants:
- the check-in code is a signed token naming one session and its current nonce: a forged code, a
  code of another session or a replaced code is refused, and so is a scan outside the session's
  check-in window, by someone not on its list, or a second scan; refusals write nothing;
- closing happens once (the session row is locked): attendance is frozen, and every present
  attendee's assignment gets one completion (evidence: the attendance row) in the same
  transaction; an absent person's assignment stays open;
- a read-aloud session is closed by recording the pledge (``read_aloud.read_aloud_record``).
"""

import datetime
import hashlib

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from lms.audit.services import audit_log
from lms.paper.scans import SCAN_EXTENSIONS, ScanRefused, scan_type
from lms.training.models import EvidenceKind
from lms.training.services import AlreadyCompleted, completion_record

from ..models import CheckIn, SessionAttendee, SessionKind, SessionScan, TrainingSession, checkin_nonce_new
from . import SessionRefused

CHECK_IN_SALT = "mamori.sessions.check_in"


class AlreadyCheckedIn(SessionRefused):
    """The attendee's second scan: they are checked in already."""


def checkin_token(session: TrainingSession) -> str:
    return signing.dumps({"s": session.pk, "n": session.checkin_nonce}, salt=CHECK_IN_SALT, compress=True)


def checkin_path(session: TrainingSession) -> str:
    """The check-in address without a language prefix: the server sends each phone to its language."""
    return reverse("session_check_in", args=[session.pk, checkin_token(session)])


def checkin_url(session: TrainingSession) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + checkin_path(session)


def _local_time(moment: datetime.datetime) -> str:
    return time_format(timezone.localtime(moment), "H:i")


def checkin_session_read(*, session_id: int, token: str) -> TrainingSession:
    """The session a check-in code is for; ``SessionRefused`` for a forged, foreign or replaced code."""
    try:
        payload = signing.loads(token, salt=CHECK_IN_SALT)
        token_session, nonce = int(payload["s"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise SessionRefused(
            _("This check-in code was not issued by Mamori. Scan the code the trainer shows.")
        ) from error
    if token_session != session_id:
        raise SessionRefused(_("This check-in code belongs to another session. Scan the code shown in your room."))
    session = TrainingSession.objects.filter(pk=session_id).first()
    if session is None:
        raise SessionRefused(_("This session does not exist any more. Ask the trainer."))
    if nonce != session.checkin_nonce:
        raise SessionRefused(_("This check-in code was replaced by a new one. Scan the code the trainer shows now."))
    return session


def attendee_check_in(*, user, session_id: int, token: str, now: datetime.datetime | None = None) -> SessionAttendee:
    """The signed-in attendee checks themself in with the session's code."""
    now = now or timezone.now()
    checkin_session_read(session_id=session_id, token=token)
    employee = getattr(user, "employee", None)
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session_id)
        if session.status == TrainingSession.Status.CLOSED:
            raise SessionRefused(_("This session is closed: check-in has ended. Ask the trainer."))
        if session.status == TrainingSession.Status.CANCELLED:
            raise SessionRefused(_("This session was cancelled."))
        if now < session.check_in_opens_at:
            raise SessionRefused(
                _("Check-in opens at %(time)s on %(date)s, half an hour before the session starts.")
                % {"time": _local_time(session.check_in_opens_at), "date": session.held_on}
            )
        if now > session.check_in_closes_at:
            raise SessionRefused(
                _("Check-in for this session ended at %(time)s. Ask the trainer.")
                % {"time": _local_time(session.check_in_closes_at)}
            )
        attendee = (
            session.attendees.select_for_update().filter(employee=employee).first() if employee is not None else None
        )
        if attendee is None:
            raise SessionRefused(
                _("You are not on the list for this session. Ask the trainer: they can add you and tick you present.")
            )
        if attendee.is_checked_in:
            raise AlreadyCheckedIn(
                _("You are already checked in (at %(time)s). Nothing more to do.")
                % {"time": _local_time(attendee.checked_in_at)}
            )
        attendee.checked_in_at = now
        attendee.checked_in_via = CheckIn.QR
        attendee.checked_in_by = user
        attendee.save(update_fields=["checked_in_at", "checked_in_via", "checked_in_by"])
        audit_log(
            actor=user,
            action="mamori.session.check_in",
            instance=session,
            data={"employee": employee.number, "via": CheckIn.QR},
        )
    return attendee


def attendee_presence_set(
    *, attendee: SessionAttendee, actor, present: bool, now: datetime.datetime | None = None
) -> SessionAttendee:
    """The trainer ticks someone present (no phone, no login) or undoes a check-in, before closing."""
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=attendee.session_id)
        if not session.is_scheduled:
            raise SessionRefused(_("This session is closed; attendance cannot change any more."))
        attendee = SessionAttendee.objects.select_related("employee").get(pk=attendee.pk)
        if present == attendee.is_checked_in:
            return attendee
        if present:
            attendee.checked_in_at = now or timezone.now()
            attendee.checked_in_via = CheckIn.TRAINER
            attendee.checked_in_by = actor
        else:
            attendee.checked_in_at = None
            attendee.checked_in_via = ""
            attendee.checked_in_by = None
        attendee.save(update_fields=["checked_in_at", "checked_in_via", "checked_in_by"])
        audit_log(
            actor=actor,
            action="mamori.session.check_in" if present else "mamori.session.check_in_undo",
            instance=session,
            data={"employee": attendee.employee.number, "via": CheckIn.TRAINER},
        )
    return attendee


def session_close_refusal(session: TrainingSession, *, now: datetime.datetime) -> str | None:
    """Why ``session`` cannot be closed now, or None."""
    if session.status == TrainingSession.Status.CLOSED:
        return _("This session was already closed at %(time)s on %(date)s. Nothing was changed.") % {
            "time": _local_time(session.closed_at),
            "date": timezone.localdate(session.closed_at),
        }
    if session.status == TrainingSession.Status.CANCELLED:
        return _("This session was cancelled; there is nothing to close.")
    if now < session.starts_at:
        return _("The session starts at %(time)s on %(date)s; close it once it has been held.") % {
            "time": _local_time(session.starts_at),
            "date": session.held_on,
        }
    return None


def _attendance_note(session: TrainingSession) -> str:
    return f"{session.title} · {timezone.localtime(session.starts_at):%Y-%m-%d %H:%M} · {session.place}"[:500]


def attendance_complete(*, session: TrainingSession, attendee: SessionAttendee, actor) -> None:
    """Write the completion of a present attendee (or point at the one that already exists)."""
    try:
        attendee.completion = completion_record(
            assignment=attendee.assignment,
            method=session.method,
            completed_on=session.held_on,
            recorded_by=actor,
            evidence_kind=EvidenceKind.ATTENDANCE,
            evidence=attendee,
            evidence_note=_attendance_note(session),
        )
    except AlreadyCompleted as already:
        # Completed another way meanwhile (a paper slip, another session): the attendance still counts.
        attendee.completion = already.record
        attendee.note = _("Already completed on %(date)s") % {"date": already.record.completed_on}


def session_close(*, session: TrainingSession, actor, now: datetime.datetime | None = None) -> TrainingSession:
    """Close a classroom session: freeze attendance and complete the present attendees' assignments."""
    now = now or timezone.now()
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        refusal = session_close_refusal(session, now=now)
        if refusal:
            raise SessionRefused(refusal)
        if session.kind == SessionKind.READ_ALOUD:
            raise SessionRefused(
                _("A read-aloud session is closed by recording the pledge for each attendee at the end of the reading.")
            )
        attendees = list(session.attendees.select_related("assignment", "employee"))
        for attendee in attendees:
            attendee.attended = attendee.is_checked_in
            if attendee.attended:
                attendance_complete(session=session, attendee=attendee, actor=actor)
        SessionAttendee.objects.bulk_update(attendees, ["attended", "completion", "note"])
        _closed(session, actor=actor, now=now, attendees=attendees)
    return session


def _closed(session: TrainingSession, *, actor, now, attendees, **data) -> None:
    session.status = TrainingSession.Status.CLOSED
    session.closed_at = now
    session.closed_by = actor
    session.save(update_fields=["status", "closed_at", "closed_by", "facilitator_name"])
    present = [a for a in attendees if a.attended]
    audit_log(
        actor=actor,
        action="mamori.session.close",
        instance=session,
        data={
            "present": [a.employee.number for a in present],
            "absent": [a.employee.number for a in attendees if not a.attended],
            **data,
        },
    )


def session_scan_attach(*, session: TrainingSession, actor, upload: UploadedFile, note: str = "") -> SessionScan:
    """Keep the scan of the signed sign-in sheet or pledge copy (PDF, JPEG or PNG), hashed."""
    if upload is None:
        raise SessionRefused(_("Choose the scan to attach."))
    try:
        mime = scan_type(upload)
    except ScanRefused as error:
        raise SessionRefused(f"{error} " + _("Nothing was attached.")) from error
    upload.seek(0)
    data = upload.read()
    scan = SessionScan(
        session=session, mime=mime, sha256=hashlib.sha256(data).hexdigest(), note=note.strip()[:300], uploaded_by=actor
    )
    name = f"session-{session.pk}-{scan.sha256[:12]}.{SCAN_EXTENSIONS[mime]}"
    scan.file.save(name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            scan.save()
            audit_log(
                actor=actor,
                action="mamori.session.scan",
                instance=session,
                data={"sha256": scan.sha256, "type": mime, "note": scan.note},
            )
    except Exception:
        scan.file.delete(save=False)
        raise
    return scan


def checkin_code_renew(*, session: TrainingSession, actor) -> TrainingSession:
    """A new code for a session whose code went where it should not: the old code stops working."""
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if not session.is_scheduled:
            raise SessionRefused(_("This session is closed; its code no longer works anyway."))
        session.checkin_nonce = checkin_nonce_new()
        session.save(update_fields=["checkin_nonce"])
        audit_log(actor=actor, action="mamori.session.code_renew", instance=session)
    return session
