"""Learner pages checked with axe-core (WCAG 2.1 A and AA rules) in Chromium, on a phone-sized
screen: login, My training, the course, a lesson before and after its knowledge check, the final
test's form and its result."""

from pathlib import Path

import pytest
from django.conf import settings

from lms.learning.models import FinalTestAttempt
from tests.browser.conftest import login
from tests.learning.course import PASSWORD, build_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    # axe really checked the page: contrast, labels, landmarks, language and more passed.
    passed = {rule["id"] for rule in result["passes"]}
    assert {"color-contrast", "html-has-lang", "html-lang-valid"} <= passed, sorted(passed)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("language", ["ja", "vi"])
def test_learner_pages_meet_wcag_21_aa(page, units, language):
    assert AXE.exists(), "axe-core is installed by scripts/test (npm ci)"
    course = build_course(units=units, lessons=3, final_test_size=3)
    found = {}
    page.goto(f"/{language}/accounts/login/")
    found["login"] = violations(page)
    login(page, username=course.learner.number, password=PASSWORD, language=language)
    page.goto(f"/{language}/my-training/")
    found["my training"] = violations(page)
    page.goto(course.course.url)
    found["course"] = violations(page)
    lesson = course.lessons[1]
    page.goto(lesson.url)
    found["lesson"] = violations(page)
    with page.expect_navigation():
        page.locator("form.question-form button[type=submit]").click()
    found["lesson answered"] = violations(page)
    for other in course.lessons:
        page.goto(other.url)
        finish = page.locator("button[name=action][value=finish]")
        if finish.count():
            with page.expect_navigation():
                finish.click()
        elif page.locator("form.question-form").count():
            with page.expect_navigation():
                page.locator("form.question-form button[type=submit]").click()
    page.goto(course.final_test.url)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    found["final test form"] = violations(page)
    assert FinalTestAttempt.objects.filter(employee=course.learner).exists()
    with page.expect_navigation():
        page.locator("form.question-form button[type=submit]").click()
    found["final test result"] = violations(page)
    problems = {name: items for name, items in found.items() if items}
    assert not problems, problems
