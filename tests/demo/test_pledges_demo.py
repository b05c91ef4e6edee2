"""The demo's pledges: signed hire pledges online and on paper, a settled and an open leaving case,
hires still missing a pledge; built through the pledges services, once."""

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from demo.pledges import DEMO_IP, DEMO_USER_AGENT, OPEN_CASE_SETTLED, PAPER_NOTE
from demo.services import demo_seed
from lms.accounts.models import User
from lms.fiscal import fiscal_year_bounds, fiscal_year_of
from lms.home.models import HomePage
from lms.learning.models import CoursePage
from lms.organisation.models import Employee
from pledges.models import LeavingCase, LeavingCaseItem, PledgePurpose, SignedPledge
from pledges.selectors import leaving_case_gate_open, pledges_due, pledges_missing
from pledges.services.verification import pledge_integrity_problems

PASSWORD = "demo-Pass-2026"


@pytest.fixture
def course(db):
    return HomePage.objects.get(depth=2).add_child(
        instance=CoursePage(title="技術情報保護 9つのルール", slug="nine-rules")
    )


def state() -> dict:
    return {
        "pledges": list(SignedPledge.objects.order_by("pk").values_list("pk", "employee_id", "method", "pdf")),
        "cases": list(LeavingCase.objects.order_by("pk").values_list("pk", "employee_id", "leaving_date")),
        "items": list(LeavingCaseItem.objects.order_by("pk").values_list("pk", "state", "checked_on")),
        "employees": list(Employee.objects.order_by("pk").values_list("pk", "leaving_date", "updated_at")),
        "log_entries": ModelLogEntry.objects.count(),
    }


def test_the_demo_has_signed_missing_and_leaving_pledges(course, private_files):
    today = timezone.localdate()
    result = demo_seed(password=PASSWORD)
    assert result.changed
    assert result.pledges["signed_online"] >= 3 and result.pledges["signed_on_paper"] >= 2
    assert result.pledges["leaving_pledges"] == 1

    hires = SignedPledge.objects.valid().filter(pledge_type__purpose=PledgePurpose.HIRE)
    online = hires.filter(method=SignedPledge.Method.ONLINE)
    paper = hires.filter(method=SignedPledge.Method.PAPER)
    assert online.count() == result.pledges["signed_online"]
    assert paper.count() == result.pledges["signed_on_paper"]
    assert {p.ip_address for p in online} == {DEMO_IP} and {p.user_agent for p in online} == {DEMO_USER_AGENT}
    vietnamese = online.get(employee__user__username="demo-learner-vi")
    assert vietnamese.language == "vi" and vietnamese.text_shown != vietnamese.text_ja
    assert online.get(employee__user__username="demo-learner-pt").language == "pt-br"
    # demo-learner is left to sign during the demo.
    learner = Employee.objects.get(user__username="demo-learner")
    assert [d.version.pledge_type.purpose for d in pledges_due(employee=learner)] == [PledgePurpose.HIRE]
    fy_start, _end = fiscal_year_bounds(fiscal_year_of(today))
    for pledge in paper.select_related("employee", "recorded_by"):
        assert pledge.note == PAPER_NOTE and pledge.scan_type == "application/pdf"
        assert pledge.employee.user_id is None and fy_start <= pledge.signed_on == pledge.employee.hire_date
        assert pledge.recorded_by.username in ("demo-hr", "demo-admin")
        assert pledge.scan.read().startswith(b"%PDF-")
    assert ModelLogEntry.objects.filter(action="mamori.pledge.sign").count() == online.count()
    assert ModelLogEntry.objects.filter(action="mamori.pledge.record_paper").count() == paper.count() + 1

    # A leaver two weeks ago: checklist settled by named people, leaving pledge signed.
    leaving = SignedPledge.objects.valid().get(pledge_type__purpose=PledgePurpose.LEAVING)
    settled = leaving.leaving_case
    assert (today - settled.leaving_date).days == 14 and leaving.signed_on == settled.leaving_date
    assert leaving_case_gate_open(settled) and not settled.is_overridden
    for item in settled.items.all():
        assert item.state in (LeavingCaseItem.State.RETURNED, LeavingCaseItem.State.NOT_APPLICABLE)
        assert item.checked_by_name and item.checked_on <= settled.leaving_date and item.recorded_by_id
    assert settled.items.filter(state=LeavingCaseItem.State.RETURNED).exists()
    assert settled.items.filter(state=LeavingCaseItem.State.NOT_APPLICABLE).exists()

    # A leaver three weeks ahead with the checklist open.
    upcoming = LeavingCase.objects.open().get(leaving_date__gt=today)
    assert (upcoming.leaving_date - today).days == 21
    assert upcoming.items.exclude(state=LeavingCaseItem.State.PENDING).count() == OPEN_CASE_SETTLED
    assert upcoming.items.filter(state=LeavingCaseItem.State.PENDING).exists()
    assert not leaving_case_gate_open(upcoming)
    assert upcoming.employee.leaving_date == upcoming.leaving_date
    # Every leaving date of the roster has its case.
    with_dates = Employee.objects.filter(leaving_date__isnull=False)
    assert set(LeavingCase.objects.open().values_list("employee_id", flat=True)) == set(
        with_dates.values_list("pk", flat=True)
    )

    admin = User.objects.get(username="demo-admin")
    missing = pledges_missing(user=admin, hired_since=fy_start, today=today)
    missing_hires = [row for row in missing if row.purpose == PledgePurpose.HIRE]
    assert len(missing_hires) >= 5
    assert not {row.employee.pk for row in missing_hires} & set(hires.values_list("employee_id", flat=True))
    assert upcoming.employee in [row.employee for row in missing if row.purpose == PledgePurpose.LEAVING]
    assert pledges_missing(user=User.objects.get(username="demo-hr"), hired_since=fy_start, today=today)

    for pledge in SignedPledge.objects.all():
        assert pledge_integrity_problems(pledge) == []


def test_a_second_run_signs_nothing_again(course, private_files, django_capture_on_commit_callbacks):
    # The leaving dates set through employee_update announce themselves on commit: the receiver runs too.
    with django_capture_on_commit_callbacks(execute=True):
        demo_seed(password=PASSWORD)
    before = state()
    files = sorted(p.relative_to(private_files) for p in private_files.rglob("*") if p.is_file())
    with django_capture_on_commit_callbacks(execute=True):
        result = demo_seed(password=PASSWORD)
    assert not result.changed
    assert set(result.pledges.values()) == {0}
    assert state() == before
    assert sorted(p.relative_to(private_files) for p in private_files.rglob("*") if p.is_file()) == files
