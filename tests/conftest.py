"""Fixtures shared by every test package: a small organisation, its people and roles, a campaign."""

import datetime
from pathlib import Path
from typing import NamedTuple

import pytest

from lms.pdf.sealing import seal_key_create
from lms.training.models import Assignment, Campaign, TrainingMethod
from lms.training.services import completion_record
from tests.factories import EmployeeFactory, UserFactory, category, grant, unit_tree
from tests.real_course import load_real_course

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright, one for the whole run (never ``playwright install``)."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM must still be usable from the test.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class SealKey(NamedTuple):
    key_path: Path
    cert_path: Path


@pytest.fixture(scope="session")
def seal_key() -> SealKey:
    """The PDF seal key pair of this test run, created once per session if it is not there yet.

    mamori/settings/test.py names its directory after the run's database (var/test-seal/<name>/):
    runs side by side get their own pair, while the live server of browser tests and subprocesses
    with the test settings use the same one. Creation is idempotent and locked (lms/pdf/sealing.py).
    """
    from django.conf import settings

    pair = SealKey(Path(settings.MAMORI_SEAL_KEY_FILE), Path(settings.MAMORI_SEAL_CERT_FILE))
    seal_key_create(key_path=pair.key_path, cert_path=pair.cert_path, common_name=settings.MAMORI_SEAL_NAME)
    return pair


@pytest.fixture(scope="session", autouse=True)
def _seal_key_ready(seal_key):
    """Sealing a PDF just works in every test (pledges are sealed when signed)."""


@pytest.fixture
def units(db):
    return unit_tree()


@pytest.fixture
def english_admin(client, settings):
    """English for the test client and for code run outside a request, so assertions can
    name interface strings in their msgid language.

    The site's default language is Japanese and its catalog is complete; the Wagtail admin
    follows the request's language (cookie) for users without a preference.
    """
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def private_files(settings, tmp_path):
    """The private storage (lms/storage.py) in this test's own directory, which is returned."""
    root = tmp_path / "private"
    private = settings.STORAGES["private"]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**private, "OPTIONS": {**private["OPTIONS"], "location": root}},
    }
    return root


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
    from lms.home.models import HomePage
    from lms.learning.models import CoursePage

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


@pytest.fixture(scope="session")
def real_course(django_db_setup, django_db_blocker) -> str:
    """The real nine-rules course in all seven languages, loaded once per session and committed.

    Returns the loader's report. Tests using it run after every other test (see
    ``pytest_collection_modifyitems``), so no other test ever sees these pages.
    """
    from tests.base_data import base_data_restore

    with django_db_blocker.unblock():
        # A browser test that ran before may have flushed the migrations' rows (the home page).
        base_data_restore()
        return load_real_course()


def pytest_configure(config):
    # pyHanko (lms/pdf/sealing.py) imports cryptography's deprecated DSA support; seals never use DSA.
    # sealing.py silences this for the processes it runs in, but pytest resets warning filters per
    # test, so the filter is given to pytest too.
    config.addinivalue_line(
        "filterwarnings", "ignore:DSA is deprecated:cryptography.utils.CryptographyDeprecationWarning"
    )


def pytest_collection_modifyitems(config, items):
    """Tests of the real course run last, browser ones after the rest (the sort is stable)."""

    def position(item) -> int:
        if "real_course" not in getattr(item, "fixturenames", ()):
            return 0
        return 2 if item.get_closest_marker("browser") else 1

    items.sort(key=position)
