"""Fixtures for the sessions tests: a launched campaign whose plant-A key persons go to a classroom
lecture and whose foreign workers go to a read-aloud session, and sessions scheduled for them."""

import pytest

from lms.training.models import Assignment, Campaign, TrainingMethod
from pledges.models import PledgePurpose, PledgeVersion
from pledges.seeding import pledges_seed
from tests.factories import EmployeeFactory, UserFactory

from .helpers import session_for

PASSWORD = "pw-Mamori-2026"


@pytest.fixture(autouse=True)
def _english(english_admin):
    """Messages asserted in their English msgids."""


@pytest.fixture
def hire_pledge(db) -> PledgeVersion:
    pledges_seed()
    return PledgeVersion.objects.published().get(pledge_type__purpose=PledgePurpose.HIRE)


@pytest.fixture
def session_campaign(campaign, trainer):
    campaign.status = Campaign.Status.LAUNCHED
    campaign.save(update_fields=["status"])
    return campaign


def _attendee_person(unit, name: str, *, method: str, campaign, language: str = "ja", login: str | None = None):
    user = UserFactory(username=login, password=PASSWORD) if login else None
    employee = EmployeeFactory(
        unit=unit,
        full_name=name,
        preferred_language=language,
        reads_japanese=language == "ja",
        is_key_person=method == TrainingMethod.CLASSROOM,
        user=user,
    )
    Assignment.objects.create(campaign=campaign, employee=employee, method=method)
    return employee


@pytest.fixture
def key_persons(units, session_campaign):
    """Four key persons of plant A (three with a login) and one of plant B, all due a classroom lecture."""
    method = TrainingMethod.CLASSROOM
    return {
        "k1": _attendee_person(units["plant_a"], "Kato Key", method=method, campaign=session_campaign, login="k1"),
        "k2": _attendee_person(units["dept_a"], "Kimura Key", method=method, campaign=session_campaign, login="k2"),
        "k3": _attendee_person(units["plant_a"], "Kondo Key", method=method, campaign=session_campaign, login="k3"),
        "k4": _attendee_person(units["plant_a"], "Kubo Key", method=method, campaign=session_campaign),
        "kb": _attendee_person(units["plant_b"], "Baba Key", method=method, campaign=session_campaign, login="kb"),
    }


@pytest.fixture
def foreign_workers(units, session_campaign, hire_pledge):
    """Three plant-A workers who do not read Japanese (two Portuguese, one Vietnamese), due a read-aloud session."""
    method = TrainingMethod.READ_ALOUD
    return {
        "p1": _attendee_person(
            units["plant_a"], "Paulo Souza", method=method, campaign=session_campaign, language="pt-br"
        ),
        "p2": _attendee_person(
            units["plant_a"], "Ana Lima", method=method, campaign=session_campaign, language="pt-br"
        ),
        "v1": _attendee_person(
            units["dept_a"], "Trần Thị Lan", method=method, campaign=session_campaign, language="vi"
        ),
    }


@pytest.fixture
def classroom(units, trainer, session_campaign, key_persons):
    """A classroom lecture for plant A that started ten minutes ago, with its four key persons invited."""
    return session_for(
        trainer=trainer,
        campaign=session_campaign,
        unit=units["plant_a"],
        title="Nine rules lecture, plant A",
        languages=["ja"],
        people=[key_persons[key] for key in ("k1", "k2", "k3", "k4")],
    )


@pytest.fixture
def read_aloud(units, trainer, session_campaign, foreign_workers, hire_pledge):
    """A read-aloud session of the hire pledge in Portuguese and Vietnamese for plant A, started, three invited."""
    return session_for(
        trainer=trainer,
        campaign=session_campaign,
        unit=units["plant_a"],
        title="Pledge read-aloud, plant A",
        languages=["pt-br", "vi"],
        version=hire_pledge,
        people=list(foreign_workers.values()),
        capacity=20,
        interpreter="Marcos Interpreter",
        place="Plant A, canteen",
    )
