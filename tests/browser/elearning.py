"""The e-learning flow a learner performs, as a reusable helper: pass it any course and language
(the test course, or the real loaded course in Vietnamese or Portuguese)."""

from lms.learning.models import CoursePage, FinalTestAttempt, FinalTestPage, LessonPage
from lms.learning.selectors import course_for_language, lessons_of


def _answer(page, questions: dict[str, dict], *, correct: bool) -> None:
    """Tick options by stable position (the value attribute), using the keyboard for radios."""
    for qid, value in questions.items():
        options = value["options"]
        right = [i for i, option in enumerate(options) if option["correct"]]
        chosen = right if correct else [next(i for i, o in enumerate(options) if not o["correct"])]
        for position in chosen:
            box = page.locator(f'input[name="q-{qid}"][value="{position}"]')
            box.focus()
            page.keyboard.press("Space")
            assert box.is_checked()


def read_course(page, *, course: CoursePage, language: str) -> CoursePage:
    """Open My training, then the course, and read every lesson, answering its knowledge check."""
    page.goto(f"/{language}/my-training/")
    translated = course_for_language(course=course, language=language)
    page.click(f'a[href="{translated.url}"]')
    page.wait_for_url(f"**{translated.url}")
    for lesson in lessons_of(translated):
        lesson = LessonPage.objects.get(pk=lesson.pk)
        page.goto(lesson.url)
        assert page.locator("h1").inner_text() == lesson.title
        if lesson.questions:
            _answer(page, {b.id: b.value for b in lesson.questions}, correct=True)
            with page.expect_navigation():
                page.locator("form.question-form button[type=submit]").press("Enter")
            assert page.locator('[role="status"]').count() >= 1
        else:
            with page.expect_navigation():
                page.locator("button[name=action][value=finish]").click()
    page.goto(translated.url)
    return translated


def sit_final_test(page, *, course: CoursePage, employee, correct: bool) -> FinalTestAttempt:
    """Start (or retake) the final test and answer it; the correct options are read from the database."""
    final_test = FinalTestPage.objects.live().child_of(course).get()
    page.goto(final_test.url)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/attempt/" in page.url, page.locator("main").inner_text()
    attempt = FinalTestAttempt.objects.get(employee=employee, submitted_at__isnull=True)
    source = FinalTestPage.objects.get(translation_key=final_test.translation_key, locale__language_code="ja")
    pool = {b.id: b.value for b in source.questions}
    _answer(page, {item["id"]: pool[item["id"]] for item in attempt.plan}, correct=correct)
    with page.expect_navigation():
        page.locator("form.question-form button[type=submit]").click()
    assert page.url.endswith(f"/attempt/{attempt.pk}/")
    attempt.refresh_from_db()
    return attempt


def elearning_flow(page, *, course: CoursePage, language: str, employee) -> FinalTestAttempt:
    """Read everything, fail the final test once, pass it, and see "Completed" on My training.

    Returns the passing attempt. The page must already be logged in as ``employee``.
    """
    translated = read_course(page, course=course, language=language)
    failed = sit_final_test(page, course=translated, employee=employee, correct=False)
    assert failed.submitted_at is not None and not failed.passed
    assert page.locator('[role="status"]').count() >= 1
    passed = sit_final_test(page, course=translated, employee=employee, correct=True)
    assert passed.passed
    page.goto(f"/{language}/my-training/")
    return passed
