"""The demo learners take the real course in a real browser: Japanese, Vietnamese and Portuguese."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from lms.learning.models import CoursePage
from lms.organisation.models import Employee
from lms.training.models import CompletionRecord, EvidenceKind, TrainingMethod
from tests.browser.conftest import login
from tests.browser.elearning import elearning_flow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEMO_PASSWORD = "demo-Mamori-2026!"
# A phrase of each language's translation of rule 4's title, to prove the page is really translated.
RULE_4_TITLE = {"ja": "ルール4", "vi": "Quy tắc 4", "pt-br": "Regra 4"}


LEARNERS = [("demo-learner", "ja"), ("demo-learner-vi", "vi"), ("demo-learner-pt", "pt-br")]


def test_demo_learners_complete_the_real_course(page, monkeypatch, real_course):
    """One browser session after another, each demo learner takes the course in their language."""
    monkeypatch.setenv("MAMORI_DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", stdout=StringIO())
    source = CoursePage.objects.get(locale__language_code="ja")
    for username, language in LEARNERS:
        page.context.clear_cookies()
        employee = Employee.objects.get(user__username=username)
        assert employee.preferred_language == language

        login(page, username=username, password=DEMO_PASSWORD)
        # The employee's preferred language is the default after login.
        assert f"/{language}/my-training/" in page.url
        assert page.locator("html").get_attribute("lang") == language

        attempt = elearning_flow(page, course=source, language=language, employee=employee)
        assert attempt.language == language

        with translation.override(language):
            # This fiscal year's row comes first (the two before, the demo's history, are done too).
            this_year = page.locator(".training-table tbody tr").first
            assert str(attempt.assignment.campaign.fiscal_year) in this_year.inner_text()
            assert gettext("Completed") in this_year.locator(".status--done").inner_text()
        # This fiscal year's: the demo's people completed the two years before as well.
        record = CompletionRecord.objects.current().get(assignment=attempt.assignment)
        assert record.method == TrainingMethod.ELEARNING
        assert record.evidence_kind == EvidenceKind.QUIZ_ATTEMPT and record.evidence_id == attempt.pk
        page.goto(f"/{language}/nine-rules/rule-4-portable-media/")
        assert RULE_4_TITLE[language] in page.locator("h1").inner_text()
