import datetime

import pytest

from lms.training.models import Assignment, Campaign, TrainingMethod
from lms.training.services import completion_record
from tests.factories import EmployeeFactory, UserFactory, category, grant


@pytest.fixture
def people(units):
    """Two employees in plant A (one in its department), two in plant B."""
    return {
        "a1": EmployeeFactory(unit=units["plant_a"], full_name="Aoki Plant-A"),
        "a2": EmployeeFactory(unit=units["dept_a"], full_name="Abe Assembly", category=category("part_timer")),
        "b1": EmployeeFactory(unit=units["plant_b"], full_name="Baba Plant-B"),
        "b2": EmployeeFactory(unit=units["plant_b"], full_name="Bando Plant-B", category=category("part_timer")),
    }


@pytest.fixture
def manager_a(units):
    user = UserFactory(username="manager-a")
    grant(user, "manager", units["plant_a"])
    return user


@pytest.fixture
def hr_a(units):
    user = UserFactory(username="hr-a")
    grant(user, "hr", units["plant_a"])
    return user


@pytest.fixture
def auditor(db):
    user = UserFactory(username="auditor")
    grant(user, "auditor")
    return user


@pytest.fixture
def trainer(db):
    user = UserFactory(username="trainer")
    grant(user, "trainer")
    return user


@pytest.fixture
def admin_user(db):
    user = UserFactory(username="administrator")
    grant(user, "admin")
    return user


@pytest.fixture
def course(db):
    from courses.nine_rules.models import CoursePage
    from lms.home.models import HomePage

    return HomePage.objects.first().add_child(instance=CoursePage(title="C", slug="c"))


@pytest.fixture
def campaign(course):
    return Campaign.objects.create(
        name="Awareness", course=course, fiscal_year=2026, due_date=datetime.date(2027, 3, 31)
    )


@pytest.fixture
def launched(campaign, people, trainer):
    """The campaign launched with an assignment per person; a1 and b1 have completed."""
    from lms.training.services import campaign_launch

    campaign_launch(campaign=campaign, actor=trainer, on=datetime.date(2026, 6, 1))
    for key in ("a1", "b1"):
        assignment = Assignment.objects.get(campaign=campaign, employee=people[key])
        completion_record(
            assignment=assignment,
            method=TrainingMethod.ELEARNING,
            completed_on=datetime.date(2026, 7, 1),
            recorded_by=trainer,
            evidence_kind="quiz_attempt",
        )
    campaign.refresh_from_db()
    return campaign


def assert_refused(response, path: str) -> None:
    """The admin refused: 403/404, Wagtail's permission-denied redirect to the dashboard, or the
    LocaleMiddleware's redirect of a 404 to the language-prefixed path (which is a 404 too)."""
    from django.urls import reverse

    if response.status_code in (403, 404):
        return
    assert response.status_code == 302, response.status_code
    assert response["Location"] in (reverse("wagtailadmin_home"), f"/ja{path}"), response["Location"]


@pytest.fixture(autouse=True)
def _english(english_admin):
    """These tests read the admin's English interface strings."""
