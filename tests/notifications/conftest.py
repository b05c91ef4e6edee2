"""A launched campaign due on 31 October 2026, people with and without e-mail, a chain of managers."""

import datetime

import pytest
from django.core import mail

from lms.training.models import Assignment, Campaign
from lms.training.services import campaign_launch
from tests.factories import EmployeeFactory, UserFactory, grant

DUE = datetime.date(2026, 10, 31)  # a Saturday


@pytest.fixture(autouse=True)
def _empty_outbox():
    mail.outbox = []


@pytest.fixture
def staff(units, manager_a, trainer):
    """The managers: ACME (the company), plant A (``manager_a``), Assembly (a department of plant A);
    the secretariat (``trainer``). All with an e-mail address."""
    manager_a.email = "manager-a@example.com"
    manager_a.save(update_fields=["email"])
    trainer.email = "secretariat@example.com"
    trainer.save(update_fields=["email"])
    acme = UserFactory(username="manager-acme", email="acme@example.com")
    grant(acme, "manager", units["acme"])
    assembly = UserFactory(username="manager-asm", first_name="Asa", last_name="Mori", email="asm@example.com")
    grant(assembly, "manager", units["dept_a"])
    return {"acme": acme, "plant_a": manager_a, "assembly": assembly, "trainer": trainer}


@pytest.fixture
def reminded(people, course, trainer):
    """``people`` with addresses for a1 (Japanese) and b1 (Vietnamese); a2 and b2 have none. The campaign
    is launched with an assignment for each, nobody has finished."""
    people["a1"].email = "aoki@example.com"
    people["b1"].email = "baba@example.com"
    people["b1"].preferred_language = "vi"
    for employee in people.values():
        employee.save()
    campaign = Campaign.objects.create(name="Awareness 2026", course=course, fiscal_year=2026, due_date=DUE)
    campaign_launch(campaign=campaign, actor=trainer, on=datetime.date(2026, 6, 1))
    campaign.refresh_from_db()
    assert Assignment.objects.filter(campaign=campaign).count() == 4
    return campaign


def learner(**kwargs):
    """An employee who can log in (to open My training)."""
    user = UserFactory()
    return EmployeeFactory(user=user, **kwargs)
