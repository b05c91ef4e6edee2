"""seed_demo builds a realistic demo group once; a second run changes nothing."""

import datetime
import io
import re
import stat
import time

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from demo.group import DEMO_PEOPLE, UNITS, demo_people
from demo.services import LOGINS, demo_password_resolve
from lms.accounts.models import Role, RoleAssignment, User
from lms.fiscal import fiscal_year_bounds, fiscal_year_of
from lms.home.models import HomePage
from lms.learning.models import CoursePage
from lms.organisation.models import Employee, EmployeeCategory, JoinedVia, OrgUnit
from lms.training.models import Assignment, Campaign, CompletionCount, CompletionRecord, EvidenceKind, TrainingMethod
from pledges.models import SignedPledge
from sessions.models import SessionAttendee, SessionKind, TrainingSession

PASSWORD = "demo-Pass-2026"
KATAKANA = re.compile(r"^[\u30a0-\u30ff ]+$")


@pytest.fixture
def course(db):
    return HomePage.objects.get(depth=2).add_child(
        instance=CoursePage(title="技術情報保護 9つのルール", slug="nine-rules")
    )


@pytest.fixture
def password_file(tmp_path):
    return tmp_path / "demo-password.txt"


def seed(password_file, monkeypatch=None, password: str | None = PASSWORD) -> str:
    if monkeypatch is not None:
        if password is None:
            monkeypatch.delenv("MAMORI_DEMO_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("MAMORI_DEMO_PASSWORD", password)
    out = io.StringIO()
    call_command("seed_demo", password_file=password_file, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "units": list(OrgUnit.objects.values_list("code", "path", "name")),
        "employees": list(Employee.objects.order_by("pk").values_list("pk", "number", "updated_at", "user_id")),
        "users": list(User.objects.order_by("pk").values_list("username", "password", "is_superuser", "last_name")),
        "roles": list(RoleAssignment.objects.order_by("pk").values_list("user__username", "role", "unit__code")),
        "campaigns": list(Campaign.objects.values_list("pk", "status", "launched_at")),
        "assignments": Assignment.objects.count(),
        "completions": CompletionRecord.objects.count(),
        "sessions": list(TrainingSession.objects.order_by("pk").values_list("pk", "status", "closed_at")),
        "log_entries": ModelLogEntry.objects.count(),
    }


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8123")
def test_seed_builds_a_realistic_group(course, password_file, monkeypatch, private_files):
    started = time.monotonic()
    output = seed(password_file, monkeypatch)
    # Each pledge recorded for the demo (online, paper, read aloud) is a rendered and sealed PDF, and
    # three fiscal years of completions (about 500) each issue a certificate.
    assert time.monotonic() - started < 30

    group = OrgUnit.objects.get(depth=1, code="MDG")
    assert group.name == "Mamori Demo Group"
    companies = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMPANY)
    assert companies.count() == 3
    assert companies.filter(is_overseas=True).count() == 1
    plants = OrgUnit.objects.filter(site_kind=OrgUnit.SiteKind.PLANT)
    assert {p.name for p in plants} >= {"浜松工場", "岐阜工場"}
    assert all(p.get_children().count() >= 2 for p in plants if p.company().code == "MSK")
    assert OrgUnit.objects.filter(site_kind=OrgUnit.SiteKind.BRANCH, name="大阪支店").exists()
    assert OrgUnit.objects.filter(site_kind=OrgUnit.SiteKind.HEAD_OFFICE).exists()
    assert {c.code for c in companies if not c.is_overseas and c.code != "MSK"}  # a domestic affiliate
    assert all(c.get_descendants().filter(site_kind=OrgUnit.SiteKind.PLANT).exists() for c in companies)

    employees = Employee.objects.all()
    assert 280 <= employees.count() <= 320
    assert all(e.unit.is_within(e.company) for e in employees.select_related("unit", "company"))
    assert set(employees.values_list("category__code", flat=True)) == set(
        EmployeeCategory.objects.values_list("code", flat=True)
    )
    assert set(employees.values_list("preferred_language", flat=True)) == {c for c, _n in settings.LANGUAGES}
    assert set(employees.values_list("joined_via", flat=True)) == set(JoinedVia.values)
    assert set(employees.values_list("has_pc", flat=True)) == {True, False}
    assert employees.filter(is_key_person=True).exists()
    assert employees.filter(reads_japanese=False).exclude(preferred_language="ja").exists()
    # Foreign workers are mostly in plants.
    foreign = employees.exclude(preferred_language="ja")
    assert foreign.filter(unit__path__startswith=plants[0].path[:4]).count() > foreign.count() / 2
    fy_start, fy_end = fiscal_year_bounds(fiscal_year_of(timezone.localdate()))
    joiners = employees.filter(hire_date__gte=fy_start, joined_via__in=["mid_career", "agency", "irregular"])
    assert joiners.exists()
    leavers = employees.leavers()
    assert 1 <= leavers.count() <= 20
    assert all(e.leaving_date < timezone.localdate() for e in leavers)
    japanese = employees.filter(preferred_language="ja")
    assert all(KATAKANA.match(e.name_reading) for e in employees)
    assert japanese.filter(full_name="").count() == 0

    campaign = Campaign.objects.get(fiscal_year=fiscal_year_of(timezone.localdate()))
    assert campaign.course_id == course.pk
    assert campaign.status == Campaign.Status.LAUNCHED
    assert campaign.fiscal_year == fiscal_year_of(timezone.localdate())
    assert campaign.due_date.month == 2 and (campaign.due_date + datetime.timedelta(days=1)).month == 3
    assert fy_start <= campaign.due_date <= fy_end
    assert list(campaign.units.all()) == [group]
    assert campaign.launched_by.username == "demo-trainer"

    assignments = Assignment.objects.filter(campaign=campaign)
    assert assignments.count() == employees.active().count()
    assert not assignments.filter(employee__in=leavers).exists()
    assert set(assignments.values_list("method", flat=True)) == set(TrainingMethod.values)

    completions = CompletionRecord.objects.filter(assignment__campaign=campaign)
    rate = assignments.completed().count() / assignments.count()
    assert 0.25 <= rate <= 0.45
    by_session = completions.filter(method__in=[TrainingMethod.CLASSROOM, TrainingMethod.READ_ALOUD])
    assert set(completions.exclude(pk__in=by_session).values_list("recorded_by__username", flat=True)) == {"demo-hr"}
    # Classroom and read-aloud people were completed by sessions held and closed, not by hand.
    assert set(by_session.values_list("recorded_by__username", flat=True)) == {"demo-trainer"}
    for record in by_session:
        assert isinstance(record.evidence, SessionAttendee) and record.evidence.attended
        assert record.evidence.session.status == TrainingSession.Status.CLOSED
    closed = TrainingSession.objects.filter(status=TrainingSession.Status.CLOSED)
    assert {s.kind for s in closed} == {SessionKind.CLASSROOM, SessionKind.READ_ALOUD}
    assert SessionAttendee.objects.filter(session__in=closed, attended=False).exists()
    assert (
        SignedPledge.objects.filter(method=SignedPledge.Method.READ_ALOUD).count()
        == SessionAttendee.objects.filter(session__kind=SessionKind.READ_ALOUD, attended=True).count()
    )
    assert TrainingSession.objects.filter(status=TrainingSession.Status.SCHEDULED).exists()
    expected_kind = {
        TrainingMethod.ELEARNING: EvidenceKind.QUIZ_ATTEMPT,
        TrainingMethod.PRINTED_EXCERPT: EvidenceKind.SLIP,
        TrainingMethod.CLASSROOM: EvidenceKind.ATTENDANCE,
        TrainingMethod.READ_ALOUD: EvidenceKind.ATTENDANCE,
        TrainingMethod.HR_HANDOUT: EvidenceKind.SLIP,
    }
    for record in completions.select_related("assignment"):
        assert record.method == record.assignment.method
        assert record.evidence_kind == expected_kind[record.method]
        assert fy_start <= record.completed_on <= timezone.localdate()
    assert set(completions.values_list("method", flat=True)) == set(TrainingMethod.values)

    # The two fiscal years before, for the reports' trends: mostly completed during their year; the
    # older one is closed, last year's still runs for its stragglers, who are overdue.
    before_last, last = Campaign.objects.exclude(pk=campaign.pk).order_by("fiscal_year")
    assert (before_last.fiscal_year, last.fiscal_year) == (campaign.fiscal_year - 2, campaign.fiscal_year - 1)
    assert (before_last.status, last.status) == (Campaign.Status.CLOSED, Campaign.Status.LAUNCHED)
    for past in (before_last, last):
        past_assignments = Assignment.objects.filter(campaign=past)
        assert 0.85 <= past_assignments.completed().count() / past_assignments.count() < 1
        start, end = fiscal_year_bounds(past.fiscal_year)
        for record in CompletionRecord.objects.filter(assignment__campaign=past):
            assert start <= record.completed_on <= past.due_date
    assert last.due_date < timezone.localdate()
    # The reports' pre-aggregated counts agree with the assignments.
    for past in (before_last, last, campaign):
        counts = CompletionCount.objects.filter(campaign=past, with_sub_units=False)
        assert sum(c.assigned for c in counts) == Assignment.objects.filter(campaign=past).count() - sum(
            1
            for a in Assignment.objects.filter(campaign=past).select_related("employee")
            if a.completed_on is None and a.employee.leaving_date and a.employee.leaving_date < past.due_date
        )
        assert sum(c.completed for c in counts) == Assignment.objects.filter(campaign=past).completed().count()

    # The learners' logins give e-learning and are still to do.
    for login in ("demo-learner", "demo-learner-vi", "demo-learner-pt"):
        assignment = assignments.with_completion().get(employee__user__username=login)
        assert assignment.method == TrainingMethod.ELEARNING
        assert not assignment.is_completed
    assert Employee.objects.get(user__username="demo-learner-vi").preferred_language == "vi"
    assert Employee.objects.get(user__username="demo-learner-pt").preferred_language == "pt-br"

    assert "http://127.0.0.1:8123/" in output
    assert PASSWORD in output
    assert not password_file.exists()  # a password from the environment is not written down
    assert authenticate(username="demo-learner", password=PASSWORD) is not None
    for login in LOGINS:
        assert login.username in output


def test_seed_twice_changes_nothing_and_every_login_works(
    course, password_file, monkeypatch, english_admin, private_files
):
    first_output = seed(password_file, monkeypatch, password=None)
    password = password_file.read_text().strip()
    assert password in first_output
    before = snapshot()
    second_output = seed(password_file, monkeypatch, password=None)
    assert snapshot() == before
    assert "nothing changed" in second_output
    assert password_file.read_text().strip() == password
    assert password in second_output

    for login in LOGINS:
        user = authenticate(username=login.username, password=password)
        assert user is not None and user.username == login.username
        assert authenticate(username=login.username, password="not-the-password") is None
    for person in DEMO_PEOPLE:
        user = authenticate(username=person.number, password=password)
        assert user is not None and user.username == person.login

    manager_roles = RoleAssignment.objects.filter(user__username="demo-manager")
    assert manager_roles.count() == 1
    plant = manager_roles.get().unit
    assert plant.kind == OrgUnit.Kind.SITE and plant.site_kind == OrgUnit.SiteKind.PLANT and plant.name == "浜松工場"
    hr = RoleAssignment.objects.get(user__username="demo-hr")
    assert hr.role == Role.HR and hr.unit.code == "MSK" and hr.unit.kind == OrgUnit.Kind.COMPANY
    assert RoleAssignment.objects.get(user__username="demo-trainer").role == Role.TRAINER
    assert RoleAssignment.objects.get(user__username="demo-auditor").role == Role.AUDITOR
    admin = User.objects.get(username="demo-admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.get(username="demo-auditor").is_superuser


def test_password_from_the_environment_wins_and_is_not_stored(password_file, monkeypatch):
    monkeypatch.setenv("MAMORI_DEMO_PASSWORD", "env-Given-Secret-9")
    assert demo_password_resolve(password_file=password_file) == ("env-Given-Secret-9", "env")
    assert not password_file.exists()


def test_generated_password_is_kept_private_and_reused(password_file, monkeypatch):
    monkeypatch.delenv("MAMORI_DEMO_PASSWORD", raising=False)
    password, source = demo_password_resolve(password_file=password_file)
    assert source == "generated" and len(password) >= 16
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert demo_password_resolve(password_file=password_file) == (password, "file")
    password_file.chmod(0o644)
    assert demo_password_resolve(password_file=password_file) == (password, "file")
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600


def test_the_roster_is_deterministic_and_numbers_are_unique():
    day = datetime.date(2026, 11, 20)
    people = demo_people(today=day)
    assert people == demo_people(today=day)
    numbers = [p.number for p in [*people, *DEMO_PEOPLE]]
    # Unique across companies too, so every learner can log in with the bare number.
    assert len(numbers) == len(set(numbers))
    assert {p.unit for p in people} <= {u.code for u in UNITS}
