"""Progress and answers follow the learner across languages: they are keyed by translation keys,
and answers are checked against the Japanese source page."""

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from lms.home.models import HomePage
from lms.learning.models import FinalTestAttempt, LessonProgress, QuestionResponse
from tests.learning.course import build_course, correct_answers, shows

pytestmark = pytest.mark.django_db


def translate(page, locale):
    copy = page.copy_for_translation(locale)
    copy.title = f"[en] {page.title}"
    copy.save_revision().publish()
    return type(page).objects.get(pk=copy.pk)


@pytest.fixture
def english(units):
    course = build_course(units=units, lessons=3, final_test_size=3)
    locale = Locale.objects.get_or_create(language_code="en")[0]
    translate(HomePage.objects.get(depth=2), locale)
    en_course = translate(course.course, locale)
    en_lessons = [translate(lesson, locale) for lesson in course.lessons]
    en_test = translate(course.final_test, locale)
    cache.clear()
    return course, en_course, en_lessons, en_test


def test_progress_made_in_japanese_shows_in_english(client, english):
    course, en_course, en_lessons, _en_test = english
    client.force_login(course.learner.user)
    client.post(course.lessons[2].url, {"action": "finish"})
    assert en_course.url.startswith("/en/")
    html = client.get(en_course.url).content.decode()
    assert "[en] Lesson 1" in html
    assert shows(html, "%(done)s of %(total)s lessons finished", "en", done=1, total=3)
    # Finishing in English counts for the same lesson.
    client.post(en_lessons[2].url, {"action": "finish"})
    assert LessonProgress.objects.filter(employee=course.learner).count() == 1
    my_training = client.get("/en/my-training/").content.decode()
    assert f'href="{en_course.url}"' in my_training and "[en] Course" in my_training


def test_answers_are_checked_against_the_source_page(client, english):
    course, _en_course, en_lessons, en_test = english
    # A tampered translation marks a wrong option as correct: the source still decides.
    stream = en_lessons[0].questions.raw_data
    for option in stream[0]["value"]["options"]:
        option["correct"] = not option["correct"]
    en_lessons[0].questions = stream
    en_lessons[0].save()
    client.force_login(course.learner.user)
    client.post(en_lessons[0].url, {"q-l1-q1": ["1"], "q-l1-q2": ["0", "2"]})
    responses = {r.question_id: r for r in QuestionResponse.objects.filter(employee=course.learner)}
    assert not responses["l1-q1"].is_correct and responses["l1-q2"].is_correct
    assert responses["l1-q1"].language == "en" and responses["l1-q1"].page_key == course.lessons[0].translation_key

    for lesson in en_lessons[1:]:
        data = correct_answers({b.id: b.value for b in lesson.questions}, [b.id for b in lesson.questions])
        client.post(lesson.url, data if lesson.questions else {"action": "finish"})
    response = client.post(en_test.url + "start/")
    attempt = FinalTestAttempt.objects.get(employee=course.learner)
    assert attempt.language == "en" and response.url.startswith("/en/")
    pool = course.pool()
    client.post(response.url, correct_answers(pool, [item["id"] for item in attempt.plan]))
    attempt.refresh_from_db()
    assert attempt.passed and attempt.score_percent == 100
