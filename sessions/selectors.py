"""Reads for sessions, scoped in one place.

Trainers (the secretariat) and administrators handle every session; HR handle the sessions of the
units they handle (``handled_unit_roots``) and may invite only the people of those units. Anyone
else sees none.
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lms.accounts.models import Role
from lms.accounts.selectors import user_has_role
from lms.organisation.models import Employee, OrgUnit
from lms.organisation.selectors import handled_unit_roots
from lms.training.models import Assignment, Campaign

from .models import SessionAttendee, SessionKind, TrainingSession

SESSION_STAFF = (Role.TRAINER, Role.ADMIN, Role.HR)


def session_unit_roots(*, user) -> list[OrgUnit] | None:
    """The units (with their sub-units) whose sessions ``user`` handles; None for every unit."""
    if user_has_role(user, Role.TRAINER, Role.ADMIN):
        return None
    if user_has_role(user, Role.HR):
        return handled_unit_roots(user=user) or []
    return []


def session_units_for(*, user) -> QuerySet[OrgUnit]:
    roots = session_unit_roots(user=user)
    if roots is None:
        return OrgUnit.objects.all()
    return OrgUnit.objects.subtrees(roots) if roots else OrgUnit.objects.none()


def sessions_visible_to(*, user) -> QuerySet[TrainingSession]:
    roots = session_unit_roots(user=user)
    sessions = TrainingSession.objects.select_related("campaign", "unit", "trainer", "pledge_version__pledge_type")
    if roots is None:
        return sessions
    return sessions.in_units(roots) if roots else sessions.none()


def sessions_listed(*, user, kind: str = "", status: str = "", campaign_id: int | None = None):
    """The session list: visible sessions with their seat and check-in counts (one query)."""
    sessions = sessions_visible_to(user=user).annotate(
        seats=Count("attendees", distinct=True),
        present=Count("attendees", filter=Q(attendees__checked_in_at__isnull=False), distinct=True),
    )
    if kind:
        sessions = sessions.filter(kind=kind)
    if status:
        sessions = sessions.filter(status=status)
    if campaign_id:
        sessions = sessions.filter(campaign_id=campaign_id)
    return sessions


def session_attendees(*, session: TrainingSession) -> QuerySet[SessionAttendee]:
    return session.attendees.select_related("employee__unit", "employee__category", "checked_in_by").order_by(
        "employee__unit__path", "employee__number"
    )


def campaigns_for_sessions() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status=Campaign.Status.LAUNCHED)


def seats_taken_elsewhere(*, session: TrainingSession):
    """Seats of the same campaign's assignments on another scheduled session."""
    seats = SessionAttendee.objects.filter(assignment=OuterRef("pk"), session__status=TrainingSession.Status.SCHEDULED)
    return seats.exclude(session=session) if session.pk else seats


def _handled_by(assignments: QuerySet[Assignment], *, user) -> QuerySet[Assignment]:
    """The assignments of the people ``user`` handles (``session_unit_roots``)."""
    roots = session_unit_roots(user=user)
    if roots is None:
        return assignments
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(employee__unit__path__startswith=root.path)
    return assignments.filter(condition)


def attendee_proposals(
    *, session: TrainingSession, user, unit: OrgUnit | None = None, language: str = ""
) -> QuerySet[Assignment]:
    """Open assignments this session can complete: the session's campaign and method, people of the
    session's unit (narrowed to ``unit``) whom ``user`` handles, not yet on this session nor booked on
    another scheduled one, still employed on the session's day. ``language`` filters by preferred language."""
    scope = unit if unit is not None and unit.is_within(session.unit) else session.unit
    assignments = (
        Assignment.objects.open()
        .filter(
            campaign=session.campaign,
            method=SessionKind(session.kind).method,
            employee__unit__path__startswith=scope.path,
        )
        .exclude(Exists(SessionAttendee.objects.filter(session_id=session.pk, assignment=OuterRef("pk"))))
        .exclude(Exists(seats_taken_elsewhere(session=session)))
        .select_related("employee__unit", "employee__category")
        .order_by("employee__unit__path", "employee__number")
    )
    assignments = _handled_by(assignments, user=user).filter(employee__in=Employee.objects.active(session.held_on))
    if language:
        assignments = assignments.filter(employee__preferred_language=language)
    return assignments


def sessions_of_employee(*, employee) -> QuerySet[SessionAttendee]:
    """The learner's own seats on scheduled sessions, soonest first."""
    return (
        SessionAttendee.objects.filter(employee=employee, session__status=TrainingSession.Status.SCHEDULED)
        .select_related("session")
        .order_by("session__starts_at")
    )


def assignments_awaiting_session(*, user, on) -> QuerySet[Assignment]:
    """Open classroom and read-aloud assignments of running campaigns, of people ``user`` handles who
    are employed on ``on``, with no seat on a scheduled session: the people a session is still needed for."""
    assignments = (
        # ``completed_on`` is kept by the completion services: open without reading the records.
        Assignment.objects.filter(
            completed_on__isnull=True,
            campaign__status=Campaign.Status.LAUNCHED,
            method__in=[SessionKind(kind).method for kind in SessionKind.values],
            employee__in=Employee.objects.active(on),
        ).exclude(
            Exists(
                SessionAttendee.objects.filter(
                    assignment=OuterRef("pk"), session__status=TrainingSession.Status.SCHEDULED
                )
            )
        )
    )
    return _handled_by(assignments, user=user)
