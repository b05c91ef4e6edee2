"""Checking in with the session's code, ticking, closing: the rows written and the refusals."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms.training.models import CompletionRecord, EvidenceKind, TrainingMethod
from sessions.models import CheckIn, SessionAttendee, TrainingSession
from sessions.services import SessionRefused
from sessions.services.attendance import (
    AlreadyCheckedIn,
    attendee_check_in,
    attendee_presence_set,
    checkin_code_renew,
    checkin_token,
    session_close,
)


def _attendee(session, employee) -> SessionAttendee:
    return session.attendees.get(employee=employee)


def test_check_in_with_the_code_marks_the_attendee_present(classroom, key_persons):
    k1 = key_persons["k1"]
    attendee = attendee_check_in(user=k1.user, session_id=classroom.pk, token=checkin_token(classroom))
    attendee.refresh_from_db()
    assert attendee.checked_in_at is not None
    assert attendee.checked_in_via == CheckIn.QR
    assert attendee.checked_in_by == k1.user


def test_second_scan_is_refused_and_keeps_the_first_time(classroom, key_persons):
    k1 = key_persons["k1"]
    first = attendee_check_in(user=k1.user, session_id=classroom.pk, token=checkin_token(classroom))
    with pytest.raises(AlreadyCheckedIn, match="already checked in"):
        attendee_check_in(
            user=k1.user,
            session_id=classroom.pk,
            token=checkin_token(classroom),
            now=timezone.now() + datetime.timedelta(minutes=5),
        )
    assert _attendee(classroom, k1).checked_in_at == first.checked_in_at


def test_someone_not_on_the_list_is_told_to_ask_the_trainer(classroom, key_persons):
    with pytest.raises(SessionRefused, match="not on the list.*Ask the trainer"):
        attendee_check_in(user=key_persons["kb"].user, session_id=classroom.pk, token=checkin_token(classroom))
    assert not SessionAttendee.objects.filter(employee=key_persons["kb"]).exists()


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (datetime.timedelta(minutes=-45), "Check-in opens at"),
        (datetime.timedelta(hours=2), "Check-in for this session ended"),
    ],
)
def test_check_in_outside_the_window_is_refused(classroom, key_persons, offset, message):
    moment = classroom.starts_at + offset
    with pytest.raises(SessionRefused, match=message):
        attendee_check_in(
            user=key_persons["k1"].user, session_id=classroom.pk, token=checkin_token(classroom), now=moment
        )
    assert _attendee(classroom, key_persons["k1"]).checked_in_at is None


def test_forged_foreign_and_replaced_codes_are_refused(classroom, read_aloud, key_persons, trainer):
    user = key_persons["k1"].user
    with pytest.raises(SessionRefused, match="not issued by Mamori"):
        attendee_check_in(user=user, session_id=classroom.pk, token=checkin_token(classroom)[:-3] + "abc")
    with pytest.raises(SessionRefused, match="belongs to another session"):
        attendee_check_in(user=user, session_id=classroom.pk, token=checkin_token(read_aloud))
    old = checkin_token(classroom)
    checkin_code_renew(session=classroom, actor=trainer)
    with pytest.raises(SessionRefused, match="replaced by a new one"):
        attendee_check_in(user=user, session_id=classroom.pk, token=old)
    assert not classroom.attendees.filter(checked_in_at__isnull=False).exists()


def test_closing_completes_the_present_and_leaves_the_absent_open(classroom, key_persons, trainer):
    token = checkin_token(classroom)
    for key in ("k1", "k2"):
        attendee_check_in(user=key_persons[key].user, session_id=classroom.pk, token=token)
    attendee_presence_set(attendee=_attendee(classroom, key_persons["k3"]), actor=trainer, present=True)

    session_close(session=classroom, actor=trainer)

    classroom.refresh_from_db()
    assert classroom.status == TrainingSession.Status.CLOSED
    completions = CompletionRecord.objects.current().filter(assignment__employee__in=key_persons.values())
    assert {c.assignment.employee.full_name for c in completions} == {"Kato Key", "Kimura Key", "Kondo Key"}
    for record in completions:
        assert record.method == TrainingMethod.CLASSROOM
        assert record.evidence_kind == EvidenceKind.ATTENDANCE
        assert isinstance(record.evidence, SessionAttendee)
        assert record.completed_on == classroom.held_on
    absent = _attendee(classroom, key_persons["k4"])
    assert absent.attended is False and absent.completion is None
    assert _attendee(classroom, key_persons["k3"]).checked_in_via == CheckIn.TRAINER
    assert ModelLogEntry.objects.filter(object_id=str(classroom.pk), action="mamori.session.close").count() == 1


def test_closing_twice_is_refused_and_writes_nothing_more(classroom, key_persons, trainer):
    attendee_check_in(user=key_persons["k1"].user, session_id=classroom.pk, token=checkin_token(classroom))
    session_close(session=classroom, actor=trainer)
    with pytest.raises(SessionRefused, match="already closed"):
        session_close(session=classroom, actor=trainer)
    assert CompletionRecord.objects.count() == 1


def test_check_in_after_closing_is_refused(classroom, key_persons, trainer):
    session_close(session=classroom, actor=trainer)
    with pytest.raises(SessionRefused, match="session is closed"):
        attendee_check_in(user=key_persons["k1"].user, session_id=classroom.pk, token=checkin_token(classroom))
    with pytest.raises(SessionRefused, match="closed"):
        attendee_presence_set(attendee=_attendee(classroom, key_persons["k1"]), actor=trainer, present=True)


def test_a_session_is_not_closed_before_it_starts(classroom, trainer):
    with pytest.raises(SessionRefused, match="close it once it has been held"):
        session_close(session=classroom, actor=trainer, now=classroom.starts_at - datetime.timedelta(minutes=1))
    classroom.refresh_from_db()
    assert classroom.status == TrainingSession.Status.SCHEDULED
