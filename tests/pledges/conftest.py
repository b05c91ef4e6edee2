"""Fixtures for the pledges tests: the seed pledges loaded and published, people who sign them."""

import pytest

from pledges.models import PledgePurpose, PledgeVersion
from pledges.seeding import pledges_seed
from tests.factories import EmployeeFactory, UserFactory

PASSWORD = "pw-Mamori-2026"


@pytest.fixture
def pledge_texts(db):
    """The seed hire and leaving pledges (version 1, published, 7 languages) and the checklist items."""
    pledges_seed()
    return {
        "hire": PledgeVersion.objects.published().get(pledge_type__purpose=PledgePurpose.HIRE),
        "leaving": PledgeVersion.objects.published().get(pledge_type__purpose=PledgePurpose.LEAVING),
    }


@pytest.fixture
def signer(units, pledge_texts):
    """An employee of plant A with a login (password ``PASSWORD``) who reads Vietnamese."""
    user = UserFactory(username="signer-vi", password=PASSWORD)
    return EmployeeFactory(
        unit=units["plant_a"], full_name="Nguyễn Văn An", preferred_language="vi", reads_japanese=False, user=user
    )


@pytest.fixture(autouse=True)
def _english(english_admin):
    """Messages asserted in their English msgids: the test client and code outside requests in English
    (the site's default language is Japanese and its catalog is complete)."""
