"""Who is due a reminder, who goes into which digest, and in which language staff read them.

Everything here reads the day it is given (``on``), never the clock, so tasks and tests choose the day.
"""

import datetime
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.users.models import UserProfile

from lms.accounts.models import Role, RoleAssignment
from lms.organisation.models import Employee, OrgUnit
from lms.training.models import Assignment, Campaign

from .models import NotificationLog, ReminderSettings

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def reminder_settings() -> ReminderSettings:
    """The one settings row, created with its defaults the first time it is read."""
    return ReminderSettings.objects.get_or_create(pk=ReminderSettings.SINGLETON_PK)[0]


# --- Open assignments and their status --------------------------------------------------------------


class AssignmentStatus:
    """Where an open assignment stands on a day. Overdue wins over the other two: a learner halfway
    through a course whose due date has passed is overdue."""

    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    LABELS = {OVERDUE: _("Overdue"), IN_PROGRESS: _("In progress"), NOT_STARTED: _("Not started")}


def open_assignments(*, on: datetime.date) -> QuerySet[Assignment]:
    """Assignments not completed (``Assignment.completed_on``, kept by the completion services), of
    launched campaigns, whose employee is active on ``on``."""
    return Assignment.objects.filter(
        completed_on__isnull=True,
        campaign__status=Campaign.Status.LAUNCHED,
        employee_id__in=Employee.objects.active(on).values("pk"),
    )


def assignment_status(assignment: Assignment, *, on: datetime.date) -> str:
    """An ``AssignmentStatus`` for an open assignment: in progress once the learner finished a lesson or
    started the final test while it was open (``Assignment.started_on``, as the reports count it)."""
    if on > assignment.campaign.due_date:
        return AssignmentStatus.OVERDUE
    if assignment.started_on is not None:
        return AssignmentStatus.IN_PROGRESS
    return AssignmentStatus.NOT_STARTED


def days_overdue(due_date: datetime.date, *, on: datetime.date) -> int:
    """0 up to and including the due date, 1 the day after it."""
    return max(0, (on - due_date).days)


# --- Learner reminders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearnerReminder:
    """A reminder an employee is due on a day; ``event_key`` is the same for every run in its window."""

    assignment: Assignment
    kind: str  # NotificationLog.Kind.DUE_SOON or OVERDUE
    due_date: datetime.date
    days_overdue: int
    event_key: str


def learner_reminder_for(
    assignment: Assignment, *, on: datetime.date, current: ReminderSettings
) -> LearnerReminder | None:
    """The reminder ``assignment``'s employee is due on ``on``, or None.

    Due soon: from ``due_soon_days`` before the due date up to the due date itself, once per due date
    (a moved due date is a new event). Overdue: from the day after the due date, once per window of
    ``overdue_repeat_days`` days counted from that day, so a learner hears again only after the
    interval, whichever day the task runs. Changing the interval re-cuts the windows: at most one
    reminder more or less around the change.
    """
    due = assignment.campaign.due_date
    late = days_overdue(due, on=on)
    if late == 0:
        if (due - on).days > current.due_soon_days:
            return None
        kind, key = NotificationLog.Kind.DUE_SOON, f"due_soon:{assignment.pk}:{due.isoformat()}"
    else:
        window = (late - 1) // current.overdue_repeat_days
        kind, key = NotificationLog.Kind.OVERDUE, f"overdue:{assignment.pk}:{due.isoformat()}:{window}"
    return LearnerReminder(assignment=assignment, kind=kind, due_date=due, days_overdue=late, event_key=key)


def learner_reminders_due(
    *, on: datetime.date, current: ReminderSettings, employees: QuerySet[Employee] | None = None
) -> Iterator[LearnerReminder]:
    """Every reminder due on ``on`` (employees with and without e-mail), in assignment order, streamed."""
    horizon = on + datetime.timedelta(days=current.due_soon_days)
    assignments = open_assignments(on=on).filter(campaign__due_date__lte=horizon)
    if employees is not None:
        assignments = assignments.filter(employee__in=employees)
    assignments = assignments.select_related("employee", "campaign__course").order_by("pk")
    for assignment in assignments.iterator(chunk_size=2000):
        reminder = learner_reminder_for(assignment, on=on, current=current)
        if reminder is not None:
            yield reminder


def events_already_handled(event_keys: Iterable[str]) -> set[str]:
    """The keys whose message was sent or is being sent (a failed one may be tried again)."""
    return set(
        NotificationLog.objects.filter(event_key__in=list(event_keys))
        .exclude(status=NotificationLog.Status.FAILED)
        .values_list("event_key", flat=True)
    )


def course_titles(*, course_keys: Iterable[uuid.UUID]) -> dict[tuple[uuid.UUID, str], str]:
    """{(course translation key, language code): title} of the live course pages (one query)."""
    rows = (
        Page.objects.live()
        .filter(translation_key__in=set(course_keys))
        .values_list("translation_key", "locale__language_code", "title")
    )
    return {(key, language): title for key, language, title in rows}


def course_title_in(titles: dict, *, campaign: Campaign, language: str) -> str:
    """The campaign's course title in ``language``, else in the source language."""
    key = campaign.course.translation_key
    return titles.get((key, language)) or titles.get((key, settings.LANGUAGE_CODE)) or campaign.course.title


# --- Manager digests ---------------------------------------------------------------------------------


@dataclass
class DigestRow:
    assignment: Assignment
    status: str
    days_overdue: int
    managers: tuple = ()  # escalated rows: the users who manage the person directly


@dataclass
class Digest:
    """Everything one staff member is told in one week, in sections."""

    user: object
    own: list[DigestRow] = field(default_factory=list)  # their units' people not done
    escalated: list[DigestRow] = field(default_factory=list)  # overdue long, managed by someone below them
    secretariat: list[DigestRow] = field(default_factory=list)  # overdue longer, anywhere in the group

    def __bool__(self) -> bool:
        return bool(self.own or self.escalated or self.secretariat)

    @property
    def counts(self) -> dict[str, int]:
        return {"own": len(self.own), "escalated": len(self.escalated), "secretariat": len(self.secretariat)}


def _role_holders_by_unit_path(role: str) -> dict[str, list]:
    holders: dict[str, list] = {}
    for assignment in (
        RoleAssignment.objects.filter(role=role, unit__isnull=False, user__is_active=True)
        .select_related("user", "unit")
        .order_by("unit__path", "user__username")
    ):
        holders.setdefault(assignment.unit.path, []).append(assignment.user)
    return holders


def _ancestor_paths(path: str) -> list[str]:
    """The paths of a unit and all its ancestors, the top first."""
    step = OrgUnit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def digests_plan(*, on: datetime.date, current: ReminderSettings) -> list[Digest]:
    """The week's digests, one per staff member with something to read (three queries and one stream).

    * Managers (a MANAGER role on a unit): every person of their units and sub-units with an open
      assignment of a launched campaign, with or without e-mail, overdue, in progress or not started.
    * A person overdue ``escalate_to_manager_days`` days or more is also listed for the manager's
      manager: the MANAGER role holders of the nearest unit above the one whose managers manage the
      person directly (the nearest unit at or above the person's unit that has any). Nobody is told
      about a person they already manage directly.
    * A person overdue ``escalate_to_secretariat_days`` days or more is listed for every TRAINER.

    A user holding several of these roles gets one digest with several sections. Rows are in unit
    order, then employee number, then due date.
    """
    managers = _role_holders_by_unit_path(Role.MANAGER)
    trainers = list(
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role=Role.TRAINER)
        .distinct()
        .order_by("username")
    )
    digests: dict[int, Digest] = {}

    def digest_of(user) -> Digest:
        if user.pk not in digests:
            digests[user.pk] = Digest(user=user)
        return digests[user.pk]

    rows = (
        open_assignments(on=on)
        .select_related("employee__unit", "campaign")
        .order_by("employee__unit__path", "employee__number", "campaign__due_date", "pk")
    )
    for assignment in rows.iterator(chunk_size=2000):
        late = days_overdue(assignment.campaign.due_date, on=on)
        row = DigestRow(assignment=assignment, status=assignment_status(assignment, on=on), days_overdue=late)
        holders = [managers[path] for path in _ancestor_paths(assignment.employee.unit.path) if path in managers]
        own_users = {user.pk: user for users in holders for user in users}
        for user in own_users.values():
            digest_of(user).own.append(row)
        if late >= current.escalate_to_manager_days and len(holders) >= 2:
            direct = tuple(holders[-1])
            escalated = DigestRow(assignment=assignment, status=row.status, days_overdue=late, managers=direct)
            direct_pks = {user.pk for user in direct}
            for user in holders[-2]:
                if user.pk not in direct_pks:
                    digest_of(user).escalated.append(escalated)
        if late >= current.escalate_to_secretariat_days:
            for user in trainers:
                digest_of(user).secretariat.append(row)
    return [digest for digest in digests.values() if digest]


def staff_languages(users: Iterable) -> dict[int, str]:
    """{user id: language} for staff recipients: their employee record's preferred language if they
    have one, else their Wagtail profile's, else the site's (two queries)."""
    users = list(users)
    ids = [user.pk for user in users]
    by_employee = dict(Employee.objects.filter(user_id__in=ids).values_list("user_id", "preferred_language"))
    by_profile = dict(
        UserProfile.objects.filter(user_id__in=ids)
        .exclude(preferred_language="")
        .values_list("user_id", "preferred_language")
    )
    languages = {}
    for pk in ids:
        candidates = (by_employee.get(pk), by_profile.get(pk), settings.LANGUAGE_CODE)
        languages[pk] = next(code for code in candidates if code in LANGUAGE_CODES)
    return languages


# --- The notice on My training ------------------------------------------------------------------------


def reminder_notices_for(*, employee: Employee, on: datetime.date) -> list[LearnerReminder]:
    """The employee's assignments that are due soon or overdue on ``on`` (none when reminders are off).

    The state the e-mail reminders are about, shown to everyone on My training whether they have an
    address or not; the windows of ``learner_reminder_for`` do not matter here.
    """
    current = reminder_settings()
    if not current.enabled:
        return []
    return list(learner_reminders_due(on=on, current=current, employees=Employee.objects.filter(pk=employee.pk)))
