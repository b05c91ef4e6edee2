"""Scheduling sessions in tests through the real services."""

import datetime

from django.utils import timezone

from lms.training.models import Assignment
from sessions.models import SessionKind, TrainingSession
from sessions.services.scheduling import attendees_add, session_schedule


def session_times(*, minutes_from_now: int = -10, length: int = 60):
    starts = timezone.now() + datetime.timedelta(minutes=minutes_from_now)
    return starts, starts + datetime.timedelta(minutes=length)


def session_for(
    *,
    trainer,
    campaign,
    unit,
    title: str,
    languages: list[str],
    version=None,
    people=(),
    capacity: int = 10,
    interpreter: str = "",
    place: str = "Plant A, meeting room 2",
    minutes_from_now: int = -10,
) -> TrainingSession:
    """A session (read-aloud when ``version`` is given, else a classroom lecture) that started ten minutes
    ago unless told otherwise, with ``people`` invited from their assignments in ``campaign``."""
    starts, ends = session_times(minutes_from_now=minutes_from_now)
    session = session_schedule(
        actor=trainer,
        kind=SessionKind.READ_ALOUD if version is not None else SessionKind.CLASSROOM,
        campaign=campaign,
        unit=unit,
        title=title,
        starts_at=starts,
        ends_at=ends,
        place=place,
        trainer=trainer,
        interpreter_name=interpreter,
        languages=languages,
        capacity=capacity,
        pledge_version=version,
    )
    if people:
        ids = [Assignment.objects.get(employee=person, campaign=campaign).pk for person in people]
        attendees_add(session=session, actor=trainer, assignment_ids=ids)
    return session
