"""Building the demo group. Idempotent: keyed on unit codes, employee numbers and login IDs.

A second run creates nothing and changes nothing; it only reports. Writes go
through the platform's services where they carry rules (granting roles,
launching the campaign, recording completions); employees are bulk-created
for speed, with their audit entries written in bulk too.
"""

import datetime
import io
import os
import secrets
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.management import call_command, get_commands
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.models import Role, User
from lms.accounts.services import role_grant
from lms.audit.services import audit_log, audit_log_many
from lms.fiscal import fiscal_year_bounds, fiscal_year_of
from lms.learning.selectors import lessons_of
from lms.learning.services import lesson_finish
from lms.organisation.models import Employee, EmployeeCategory, OrgUnit
from lms.organisation.services import org_unit_add
from lms.training.counting import completion_counts_deferred
from lms.training.models import Assignment, Campaign, CompletionRecord, EvidenceKind, TrainingMethod
from lms.training.services import campaign_close, campaign_launch, completion_record

from .group import DEMO_PEOPLE, GROUP_CODE, PARENT_CODE, PLANT_CODE, UNITS, PersonSpec, demo_people
from .pledges import demo_pledges_seed
from .sessions import demo_sessions_seed


class DemoError(Exception):
    """The demo cannot be built, with a message for the operator."""


PASSWORD_ENV = "MAMORI_DEMO_PASSWORD"  # noqa: S105 (the variable name, not a password)
CAMPAIGN_NAME = "技術情報保護 9つのルール"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    description: str
    role: str | None = None
    unit_code: str | None = None


LOGINS = (
    DemoLogin("demo-learner", gettext_lazy("learner at Hamamatsu Plant, e-learning, Japanese")),
    DemoLogin("demo-learner-vi", gettext_lazy("learner, e-learning, Vietnamese")),
    DemoLogin("demo-learner-pt", gettext_lazy("learner, e-learning, Portuguese (Brazil)")),
    DemoLogin("demo-manager", gettext_lazy("manager of Hamamatsu Plant"), Role.MANAGER, PLANT_CODE),
    DemoLogin("demo-hr", gettext_lazy("HR of the parent company"), Role.HR, PARENT_CODE),
    DemoLogin("demo-trainer", gettext_lazy("trainer / secretariat"), Role.TRAINER),
    DemoLogin("demo-auditor", gettext_lazy("auditor, read-only"), Role.AUDITOR),
    DemoLogin("demo-admin", gettext_lazy("administrator"), Role.ADMIN),
)

# Share of assignments already completed, per method (overall about a third). Classroom and
# read-aloud people are completed by the demo's closed sessions (demo/sessions.py) instead.
COMPLETED_PERCENT = {
    TrainingMethod.ELEARNING: 42,
    TrainingMethod.PRINTED_EXCERPT: 30,
    TrainingMethod.HR_HANDOUT: 20,
}
# Evidence as the recording person would file it (notes are data, kept in the source language).
EVIDENCE = {
    TrainingMethod.ELEARNING: (EvidenceKind.QUIZ_ATTEMPT, "最終テスト合格（デモデータ）"),
    TrainingMethod.PRINTED_EXCERPT: (EvidenceKind.SLIP, "受講確認票 回収済（デモデータ）"),
    TrainingMethod.HR_HANDOUT: (EvidenceKind.SLIP, "人事配付資料 受領確認票（デモデータ）"),
}


# The two fiscal years before this one, for the reports' trends: almost everyone completed them;
# the year before last is closed, last year's campaign still runs for its stragglers (overdue).
PAST_COMPLETED_PERCENT = {2: 96, 1: 91}
PAST_EVIDENCE = {
    **EVIDENCE,
    TrainingMethod.CLASSROOM: (EvidenceKind.ATTENDANCE, "集合研修 出席簿より記録（デモデータ）"),
    TrainingMethod.READ_ALOUD: (EvidenceKind.ATTENDANCE, "読み合わせ会 出席簿より記録（デモデータ）"),
}


@dataclass
class DemoResult:
    units_created: int = 0
    employees_created: int = 0
    users_created: int = 0
    passwords_set: int = 0
    campaign: Campaign | None = None
    campaign_launched: bool = False
    assignments_created: int = 0
    completions_recorded: int = 0
    logins: list[tuple[DemoLogin, str]] = field(default_factory=list)  # (login, employee number or "")
    pledges: dict[str, int] = field(default_factory=dict)  # what demo_pledges_seed created, by kind
    sessions: dict[str, int] = field(default_factory=dict)  # what demo_sessions_seed created, by kind

    @property
    def changed(self) -> bool:
        return any(
            (
                self.units_created,
                self.employees_created,
                self.users_created,
                self.passwords_set,
                self.campaign_launched,
                self.completions_recorded,
                *self.pledges.values(),
                *self.sessions.values(),
            )
        )


def demo_password_resolve(*, password_file: Path) -> tuple[str, str]:
    """The demo password and where it came from ("env", "file" or "generated").

    Generated once and kept in ``password_file`` (mode 0600) so later runs reuse it.
    """
    from_env = os.environ.get(PASSWORD_ENV, "").strip()
    if from_env:
        return from_env, "env"
    if password_file.exists():
        password_file.chmod(0o600)
        stored = password_file.read_text(encoding="utf-8").strip()
        if stored:
            return stored, "file"
    password = secrets.token_urlsafe(12)
    password_file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    password_file.chmod(0o600)
    return password, "generated"


def demo_course():
    """The Japanese nine-rules course page, loading it first if there is none."""
    from lms.learning.models import CoursePage

    def find():
        return CoursePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE, depth=3).first()

    course = find()
    if course is None and "load_nine_rules" in get_commands():
        # Its report would bury the logins block that the operator needs.
        call_command("load_nine_rules", verbosity=0, stdout=io.StringIO())
        course = find()
    if course is None:
        raise DemoError(_("The nine-rules course is missing. Run load_nine_rules first."))
    return course


def demo_seed(*, password: str, today: datetime.date | None = None) -> DemoResult:
    """Build (or complete) the demo group, its logins, this fiscal year's campaign and its pledges."""
    today = today or timezone.localdate()
    course = demo_course()
    result = DemoResult()
    with transaction.atomic(), completion_counts_deferred():
        admin = _user_get_or_create("demo-admin", result)
        units = _units_ensure(actor=admin, result=result)
        employees = _employees_ensure(units=units, actor=admin, today=today, result=result)
        users = _logins_ensure(units=units, employees=employees, admin=admin, result=result)
        _passwords_ensure(users=users.values(), password=password, result=result)
        campaign = _campaign_ensure(
            course=course, group=units[GROUP_CODE], actor=users["demo-trainer"], today=today, result=result
        )
        _completions_ensure(campaign=campaign, recorded_by=users["demo-hr"], today=today, result=result)
        _lessons_started_ensure(campaign=campaign, course=course)
        _past_campaigns_ensure(
            course=course, group=units[GROUP_CODE], users=users, fiscal_year=campaign.fiscal_year, result=result
        )
        result.pledges = demo_pledges_seed(group=units[GROUP_CODE], users=users, password=password, today=today)
        result.sessions = demo_sessions_seed(campaign=campaign, users=users, today=today)
    result.campaign = campaign
    return result


def _user_get_or_create(username: str, result: DemoResult) -> User:
    user, created = User.objects.get_or_create(username=username)
    result.users_created += created
    return user


def _units_ensure(*, actor, result: DemoResult) -> dict[str, OrgUnit]:
    existing = {u.code: u for u in OrgUnit.objects.filter(code__in=[s.code for s in UNITS])}
    for spec in UNITS:
        if spec.code in existing:
            continue
        parent = None
        if spec.parent:
            # Adding a sibling can move paths in a treebeard tree: read the parent fresh.
            parent = OrgUnit.objects.get(code=spec.parent)
        extra = {"is_overseas": spec.is_overseas}
        if spec.site_kind:
            extra["site_kind"] = spec.site_kind
        existing[spec.code] = org_unit_add(
            parent=parent, actor=actor, code=spec.code, name=spec.name, kind=spec.kind, **extra
        )
        result.units_created += 1
    return {u.code: u for u in OrgUnit.objects.filter(code__in=existing)}


def _employees_ensure(*, units, actor, today, result: DemoResult) -> dict[str, Employee]:
    categories = {c.code: c for c in EmployeeCategory.objects.all()}
    people: list[PersonSpec] = [*demo_people(today=today), *DEMO_PEOPLE]
    company_ids = {units[p.company].pk for p in people}
    existing = set(Employee.objects.filter(company_id__in=company_ids).values_list("company__code", "number"))
    new = [
        Employee(
            company=units[p.company],
            unit=units[p.unit],
            number=p.number,
            full_name=p.full_name,
            name_reading=p.name_reading,
            category=categories[p.category],
            is_key_person=p.is_key_person,
            preferred_language=p.preferred_language,
            has_pc=p.has_pc,
            reads_japanese=p.reads_japanese,
            joined_via=p.joined_via,
            hire_date=p.hire_date,
            leaving_date=p.leaving_date,
        )
        for p in people
        if (p.company, p.number) not in existing
    ]
    if new:
        Employee.objects.bulk_create(new, batch_size=500)
        created = Employee.objects.filter(company_id__in=company_ids, number__in=[e.number for e in new])
        audit_log_many(
            actor=actor,
            action="mamori.employee.create",
            instances=created,
            data_for=lambda e: {"number": e.number, "source": "seed_demo"},
        )
    result.employees_created = len(new)
    numbers = [p.number for p in DEMO_PEOPLE]
    return {
        e.number: e
        for e in Employee.objects.filter(company=units[PARENT_CODE], number__in=numbers).select_related("user")
    }


def _logins_ensure(*, units, employees, admin, result: DemoResult) -> dict[str, User]:
    employee_by_login = {p.login: employees[p.number] for p in DEMO_PEOPLE}
    users = {}
    for login in LOGINS:
        user = admin if login.username == "demo-admin" else _user_get_or_create(login.username, result)
        employee = employee_by_login.get(login.username)
        if employee is not None and employee.user_id is None:
            employee.user = user
            employee.save(update_fields=["user", "updated_at"])
        if employee is not None and not (user.last_name or user.first_name):
            user.last_name, _sep, user.first_name = employee.full_name.partition(" ")
            user.save(update_fields=["last_name", "first_name"])
        if login.role:
            unit = units[login.unit_code] if login.unit_code else None
            role_grant(user=user, role=login.role, unit=unit, actor=admin)
        users[login.username] = user
        result.logins.append((login, employee.number if employee else ""))
    return users


def _passwords_ensure(*, users, password: str, result: DemoResult) -> None:
    # One hash shared by the demo logins: checking and hashing once keeps the
    # command fast with the production hasher. Demo accounts only.
    users = list(users)
    encoded = next((u.password for u in users if u.password and check_password(password, u.password)), None)
    encoded = encoded or make_password(password)
    for user in users:
        if user.password != encoded:
            user.password = encoded
            user.save(update_fields=["password"])
            result.passwords_set += 1


def _due_date(fiscal_year: int) -> datetime.date:
    """The end of February within the fiscal year."""
    start, end = fiscal_year_bounds(fiscal_year)
    for year in (start.year, start.year + 1):
        last_of_february = datetime.date(year, 3, 1) - datetime.timedelta(days=1)
        if start <= last_of_february <= end:
            return last_of_february
    return end


def _campaign_ensure(*, course, group: OrgUnit, actor, today, result: DemoResult) -> Campaign:
    fiscal_year = fiscal_year_of(today)
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME, fiscal_year=fiscal_year, course=course).first()
    if campaign is None:
        campaign = Campaign.objects.create(
            name=CAMPAIGN_NAME, course=course, fiscal_year=fiscal_year, due_date=_due_date(fiscal_year)
        )
        campaign.units.set([group])
        audit_log(
            actor=actor,
            action="mamori.campaign.create",
            instance=campaign,
            data={"fiscal_year": fiscal_year, "due_date": campaign.due_date, "source": "seed_demo"},
        )
    if campaign.status == Campaign.Status.DRAFT:
        result.assignments_created += campaign_launch(campaign=campaign, actor=actor, on=today)
        result.campaign_launched = True
        campaign.refresh_from_db()
    return campaign


def _past_campaigns_ensure(*, course, group: OrgUnit, users, fiscal_year: int, result: DemoResult) -> None:
    """The campaigns of the two fiscal years before ``fiscal_year``, launched a fortnight into their
    year (so they cover who worked there then) and mostly completed during it; the older one closed.
    Their completions are recorded from the paper and attendance records of those years."""
    for years_back, percent in PAST_COMPLETED_PERCENT.items():
        year = fiscal_year - years_back
        start, _end = fiscal_year_bounds(year)
        campaign = _campaign_ensure(
            course=course,
            group=group,
            actor=users["demo-trainer"],
            today=start + datetime.timedelta(days=14),
            result=result,
        )
        recorded = set(
            CompletionRecord.objects.filter(assignment__campaign=campaign).values_list("assignment_id", flat=True)
        )
        span = (campaign.due_date - start).days - 30
        assignments = Assignment.objects.filter(campaign=campaign).select_related("employee").order_by("pk")
        demo_numbers = {p.number for p in DEMO_PEOPLE}
        for assignment in assignments:
            if assignment.pk in recorded:
                continue
            draw = _stable_percent(f"{year}:{assignment.employee.company_id}:{assignment.employee.number}")
            # The demo logins' own people did their past years: their "My training" shows this year.
            if draw >= percent and assignment.employee.number not in demo_numbers:
                continue
            kind, note = PAST_EVIDENCE[assignment.method]
            completion_record(
                assignment=assignment,
                method=assignment.method,
                completed_on=start + datetime.timedelta(days=30 + draw * span // 100),
                recorded_by=users["demo-hr"],
                evidence_kind=kind,
                evidence_note=note,
            )
            result.completions_recorded += 1
        if years_back == max(PAST_COMPLETED_PERCENT) and campaign.status == Campaign.Status.LAUNCHED:
            campaign_close(campaign=campaign, actor=users["demo-trainer"])


# Share of the open e-learning assignments whose learner has already read a few lessons.
STARTED_PERCENT = 35


def _lessons_started_ensure(*, campaign: Campaign, course) -> None:
    """Some e-learners are part-way through (the reports' "in progress"): the first one to five
    lessons finished, the same people and lessons on every run. The demo logins' people start fresh."""
    lessons = lessons_of(course)
    if not lessons:
        return
    demo_numbers = {p.number for p in DEMO_PEOPLE}
    assignments = (
        Assignment.objects.filter(campaign=campaign, method=TrainingMethod.ELEARNING, completed_on__isnull=True)
        .exclude(employee__number__in=demo_numbers)
        .select_related("employee")
        .order_by("pk")
    )
    for assignment in assignments:
        draw = _stable_percent(f"started:{campaign.fiscal_year}:{assignment.employee.number}")
        if draw >= STARTED_PERCENT:
            continue
        for lesson in lessons[: 1 + draw % 5]:
            lesson_finish(employee=assignment.employee, lesson=lesson)


def _stable_percent(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % 100


def _completions_ensure(*, campaign: Campaign, recorded_by, today, result: DemoResult) -> None:
    """Record about a third of the assignments as completed, the same ones on every run."""
    demo_numbers = {p.number for p in DEMO_PEOPLE}
    recorded = set(
        CompletionRecord.objects.filter(assignment__campaign=campaign).values_list("assignment_id", flat=True)
    )
    fy_start, _end = fiscal_year_bounds(campaign.fiscal_year)
    window = max(0, min(60, (today - fy_start).days))
    assignments = Assignment.objects.filter(campaign=campaign).select_related("employee").order_by("pk")
    for assignment in assignments:
        number = assignment.employee.number
        if assignment.pk in recorded or number in demo_numbers or assignment.method not in COMPLETED_PERCENT:
            continue
        draw = _stable_percent(f"{campaign.fiscal_year}:{assignment.employee.company_id}:{number}")
        if draw >= COMPLETED_PERCENT[assignment.method]:
            continue
        kind, note = EVIDENCE[assignment.method]
        completion_record(
            assignment=assignment,
            method=assignment.method,
            completed_on=today - datetime.timedelta(days=draw * window // 100),
            recorded_by=recorded_by,
            evidence_kind=kind,
            evidence_note=note,
        )
        result.completions_recorded += 1
