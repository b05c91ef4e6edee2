"""The admin home: what each role acts on, scoped like the reports."""

import datetime

import pytest
from django.urls import reverse

from lms.paper.models import ExcerptPrintJob
from lms.training.counting import completion_counts_rebuild
from lms.training.models import Assignment, TrainingMethod
from tests.factories import EmployeeFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

HOME = "wagtailadmin_home"


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse(HOME))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, panel_id: str) -> str:
    start = html.index(f'id="{panel_id}"')
    return html[start : html.index("</section>", html.index("</table>", start))]


def test_a_manager_sees_their_plants_completion_chart_and_people(client, manager_a, launched):
    html = _home(client, manager_a)
    assert "Completion of running campaigns" in html
    assert "1 of 2 completed (50%)" in html
    assert '<figure class="mamori-chart"' in html and 'role="img"' in html
    # The people not done are plant A's only.
    assert "Abe Assembly" in html
    for other in ("Bando Plant-B", "Baba Plant-B"):
        assert other not in html
    assert "Sites furthest behind" not in html


def test_the_lists_follow_the_due_date(client, manager_a, launched):
    launched.due_date = datetime.date(2026, 1, 31)  # passed: every open assignment is overdue
    launched.save()
    html = _home(client, manager_a)
    assert "Overdue: 1" in html
    overdue = _section(html, "chase-overdue")
    assert "Abe Assembly" in overdue


def test_the_secretariat_sees_the_sites_furthest_behind(client, trainer, launched):
    html = _home(client, trainer)
    assert "2 of 4 completed (50%)" in html
    lagging = html[html.index('id="lagging-units"') :]
    assert "Plant A" in lagging and "Plant B" in lagging
    assert "People who have not finished" not in html


def test_hr_sees_what_waits_for_them_and_their_running_jobs(client, hr_a, launched, people, units):
    for employee, method in (
        (people["a2"], TrainingMethod.PRINTED_EXCERPT),
        (people["b2"], TrainingMethod.PRINTED_EXCERPT),
    ):
        Assignment.objects.filter(campaign=launched, employee=employee).update(method=method)
    late = EmployeeFactory(unit=units["plant_a"], full_name="Kato Classroom")
    Assignment.objects.create(campaign=launched, employee=late, method=TrainingMethod.CLASSROOM)
    completion_counts_rebuild()
    ExcerptPrintJob.objects.create(campaign=launched, created_by=hr_a, total=10, done=4)
    html = _home(client, hr_a)
    waiting = html[html.index('id="mamori-actions-section"') :]
    # Plant A's paper slip (Abe), not plant B's; the classroom session still to schedule.
    assert "Signed slips not returned yet: <strong>1</strong>" in waiting
    assert "People waiting for a session to be scheduled: <strong>1</strong>" in waiting
    jobs = html[html.index('id="mamori-running-jobs-section"') :]
    assert 'value="40"' in jobs and "Awareness" in jobs


def test_roles_without_work_see_no_waiting_items_and_an_empty_state(client, auditor, db):
    html = _home(client, auditor)
    assert 'id="mamori-actions-section"' not in html
    assert "No campaign is running." in html


def test_a_manager_of_no_running_campaign_gets_a_clear_empty_state(client, units, campaign):
    user = UserFactory(username="manager-x")
    grant(user, "manager", units["other"])
    html = _home(client, user)
    assert "No running campaign has anyone in your units." in html
