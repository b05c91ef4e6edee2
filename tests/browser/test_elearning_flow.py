"""A learner completes the e-learning course in a real browser, with keyboard and clicks."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from lms.training.models import CompletionRecord, EvidenceKind, TrainingMethod
from tests.browser.conftest import login
from tests.browser.elearning import elearning_flow
from tests.learning.course import PASSWORD, build_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_learner_reads_fails_then_passes_and_sees_completed(page, units):
    course = build_course(units=units, lessons=3, final_test_size=3)
    employee = course.learner
    login(page, username=employee.number, password=PASSWORD)
    assert "/my-training/" in page.url, page.locator("main").inner_text()

    attempt = elearning_flow(page, course=course.course, language="ja", employee=employee)

    # The status reads "Completed" in the page's language.
    with translation.override("ja"):
        assert page.locator(".training-table .status--done").inner_text().strip() == "✓ " + gettext("Completed")
    page.goto("/en/my-training/")
    with translation.override("en"):
        assert gettext("Completed") in page.locator(".training-table .status--done").inner_text()
    record = CompletionRecord.objects.get(assignment__employee=employee)
    assert record.method == TrainingMethod.ELEARNING
    assert record.evidence_kind == EvidenceKind.QUIZ_ATTEMPT and record.evidence_id == attempt.pk


def test_keyboard_users_can_skip_to_the_content(page, units):
    course = build_course(units=units, lessons=3)
    login(page, username=course.learner.number, password=PASSWORD)
    page.goto(course.lessons[0].url)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
