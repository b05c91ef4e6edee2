"""Scheduling a session and choosing who attends.

Invariants:
- a session is changed, cancelled or given attendees only while it is scheduled;
- the organiser's scope (``session_unit_roots``) bounds both the session's unit and its people;
- attendees come only from ``attendee_proposals``: open assignments of the session's campaign with
  the method the session completes, not booked on another scheduled session;
- the capacity is never exceeded; a refused request adds nobody.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.audit.services import audit_log, audited_create, audited_update
from pledges.services import PledgeRefused
from pledges.services.texts import pledge_text

from ..models import SessionAttendee, SessionKind, TrainingSession
from ..selectors import attendee_proposals, session_units_for
from . import SessionRefused

SESSION_FIELDS = (
    "kind",
    "campaign",
    "unit",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "trainer",
    "interpreter_name",
    "languages",
    "capacity",
    "pledge_version",
)


def _refuse_outside_scope(*, actor, unit) -> None:
    if unit is not None and not session_units_for(user=actor).filter(pk=unit.pk).exists():
        raise SessionRefused(_("You do not organise sessions for this unit. Nothing was saved."))


def _languages_ordered(languages: Iterable[str]) -> list[str]:
    """The languages in the platform's order, without duplicates."""
    chosen = set(languages)
    return [code for code, _name in settings.LANGUAGES if code in chosen]


def _refuse_untranslated_pledge(*, kind: str, version, languages: list[str]) -> None:
    """A read-aloud session reads the pledge in each of its languages: each translation must be current."""
    if kind != SessionKind.READ_ALOUD or version is None:
        return
    for language in languages:
        try:
            pledge_text(version=version, language=language)
        except PledgeRefused as refusal:
            raise ValidationError({"languages": str(refusal)}) from refusal


def session_schedule(*, actor, **values) -> TrainingSession:
    """A new scheduled session; ``ValidationError`` for invalid values, ``SessionRefused`` out of scope."""
    _refuse_outside_scope(actor=actor, unit=values.get("unit"))
    values["languages"] = _languages_ordered(values.get("languages") or [])
    _refuse_untranslated_pledge(
        kind=values.get("kind"), version=values.get("pledge_version"), languages=values["languages"]
    )
    return audited_create(
        TrainingSession,
        actor=actor,
        action="mamori.session.schedule",
        values={**values, "created_by": actor},
        fields=(*SESSION_FIELDS, "created_by"),
    )


def session_update(*, session: TrainingSession, actor, **values) -> dict:
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        _refuse_unless_scheduled(session)
        _refuse_outside_scope(actor=actor, unit=values.get("unit", session.unit))
        if "languages" in values:
            values["languages"] = _languages_ordered(values["languages"])
        _refuse_untranslated_pledge(
            kind=values.get("kind", session.kind),
            version=values.get("pledge_version", session.pledge_version),
            languages=values.get("languages", session.languages),
        )
        if "kind" in values and values["kind"] != session.kind and session.attendees.exists():
            raise SessionRefused(_("Remove the attendees before changing the kind of session. Nothing was saved."))
        if "campaign" in values and values["campaign"] != session.campaign and session.attendees.exists():
            raise SessionRefused(
                _("Remove the attendees before moving the session to another campaign. Nothing was saved.")
            )
        return audited_update(
            session, actor=actor, action="mamori.session.update", values=values, fields=SESSION_FIELDS
        )


def session_cancel(*, session: TrainingSession, actor, reason: str) -> TrainingSession:
    """Cancel a scheduled session; its attendees' assignments stay open and they can be invited again."""
    reason = (reason or "").strip()
    if not reason:
        raise SessionRefused(_("Cancelling a session needs a reason."))
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        _refuse_unless_scheduled(session)
        session.status = TrainingSession.Status.CANCELLED
        session.save(update_fields=["status"])
        audit_log(actor=actor, action="mamori.session.cancel", instance=session, data={"reason": reason})
    return session


def _refuse_unless_scheduled(session: TrainingSession) -> None:
    if session.status == TrainingSession.Status.CLOSED:
        raise SessionRefused(
            _("This session was closed on %(date)s and cannot change any more.")
            % {"date": session.closed_at.date() if session.closed_at else session.held_on}
        )
    if session.status == TrainingSession.Status.CANCELLED:
        raise SessionRefused(_("This session was cancelled and cannot change any more."))


def attendee_language(*, session: TrainingSession, preferred: str) -> str:
    """The session language an attendee follows: their own when the session offers it, else the first."""
    if preferred in session.languages:
        return preferred
    return session.languages[0] if session.languages else settings.LANGUAGE_CODE


def attendees_add(*, session: TrainingSession, actor, assignment_ids: Iterable[int]) -> list[SessionAttendee]:
    """Invite the people of ``assignment_ids``: all of them or, when one cannot be added, none."""
    ids = sorted({int(i) for i in assignment_ids})
    if not ids:
        raise SessionRefused(_("Choose at least one person to add."))
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        _refuse_unless_scheduled(session)
        assignments = list(attendee_proposals(session=session, user=actor).filter(pk__in=ids))
        if len(assignments) != len(ids):
            raise SessionRefused(
                _(
                    "%(count)d of the people chosen can no longer be added (already invited, booked on another "
                    "session, completed, or outside your units). Nobody was added; reload the list."
                )
                % {"count": len(ids) - len(assignments)}
            )
        seats = session.attendees.count()
        if seats + len(assignments) > session.capacity:
            raise SessionRefused(
                _("Seats free: %(free)d of %(capacity)d; people chosen: %(count)d. Nobody was added.")
                % {"free": max(session.capacity - seats, 0), "capacity": session.capacity, "count": len(assignments)}
            )
        attendees = SessionAttendee.objects.bulk_create(
            [
                SessionAttendee(
                    session=session,
                    assignment=assignment,
                    employee=assignment.employee,
                    language=attendee_language(session=session, preferred=assignment.employee.preferred_language),
                    added_by=actor,
                )
                for assignment in assignments
            ]
        )
        audit_log(
            actor=actor,
            action="mamori.session.attendee_add",
            instance=session,
            data={"employees": [a.employee.number for a in assignments]},
        )
    return attendees


def attendee_remove(*, attendee: SessionAttendee, actor) -> None:
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=attendee.session_id)
        _refuse_unless_scheduled(session)
        attendee = SessionAttendee.objects.select_related("employee").get(pk=attendee.pk)
        audit_log(
            actor=actor,
            action="mamori.session.attendee_remove",
            instance=session,
            data={"employee": attendee.employee.number, "was_checked_in": attendee.is_checked_in},
        )
        attendee.delete()
