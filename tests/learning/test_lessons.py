"""The learner's course and lesson pages: progress, knowledge checks, notices."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from lms.learning.models import LessonProgress, QuestionResponse
from lms.learning.questions import option_order
from lms.learning.selectors import METHOD_NOTICES
from lms.training.models import TrainingMethod
from tests.factories import UserFactory
from tests.learning.course import build_course, correct_answers, learner_add, shows

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(units):
    return build_course(units=units)


@pytest.fixture
def learner_client(client, course):
    client.force_login(course.learner.user)
    return client


def test_anonymous_goes_to_login_and_non_employee_gets_403(client, course):
    lesson = course.lessons[0]
    for url in (course.course.url, lesson.url, course.final_test.url):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url
    client.force_login(UserFactory(username="admin-without-employee"))
    for url in (course.course.url, lesson.url, course.final_test.url):
        assert client.get(url).status_code == 403
    assert client.post(lesson.url, {}).status_code == 403


def test_course_page_lists_lessons_with_progress_and_locked_final_test(learner_client, course):
    response = learner_client.get(course.course.url)
    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(lesson.title) for lesson in course.lessons]
    assert positions == sorted(positions)
    assert 'role="progressbar"' in html and 'aria-valuenow="0"' in html and 'aria-valuemax="3"' in html
    assert shows(html, "%(done)s of %(total)s lessons finished", done=0, total=3)
    assert shows(html, "Start the course")
    assert shows(html, "The final test is locked. It opens when you have finished every lesson.")
    assert f'href="{course.final_test.url}"' not in html


def test_finishing_a_lesson_without_questions_saves_progress(learner_client, course):
    lesson = course.lessons[2]
    assert not lesson.questions
    html = learner_client.get(lesson.url).content.decode()
    assert shows(html, "Mark as finished")
    response = learner_client.post(lesson.url, {"action": "finish"})
    assert response.status_code == 200
    assert shows(response.content.decode(), "This lesson is now marked as finished.")
    progress = LessonProgress.objects.get(employee=course.learner)
    assert progress.lesson_key == lesson.translation_key
    assert progress.course_key == course.course.translation_key
    # Finishing again keeps one row.
    learner_client.post(lesson.url, {"action": "finish"})
    assert LessonProgress.objects.filter(employee=course.learner).count() == 1
    html = learner_client.get(course.course.url).content.decode()
    assert shows(html, "%(done)s of %(total)s lessons finished", done=1, total=3) and 'aria-valuenow="1"' in html
    assert shows(html, "Continue where you left off")


def test_lesson_renders_body_and_knowledge_check_form(learner_client, course):
    lesson = course.lessons[0]
    html = learner_client.get(lesson.url).content.decode()
    assert "Body text of lesson 1." in html
    assert "<table" in html and '<span class="mark" lang="ja">社外極秘</span>' in html
    assert "(Strictly confidential)" in html
    assert html.count("<fieldset") == 2 and html.count("<legend>") == 2
    assert 'type="radio" name="q-l1-q1"' in html
    assert 'type="checkbox" name="q-l1-q2"' in html
    assert "csrfmiddlewaretoken" in html
    # Options appear in the learner's own shuffled order, submitted by stable position.
    shown = [int(p) for p in re.findall(r'name="q-l1-q2" value="(\d+)"', html)]
    assert shown == option_order(employee_id=course.learner.pk, question_id="l1-q2", count=4)
    assert sorted(shown) == [0, 1, 2, 3]


def test_knowledge_check_is_checked_on_the_server_and_stored_per_question(learner_client, course):
    lesson = course.lessons[0]
    questions = {b.id: b.value for b in lesson.questions}
    data = correct_answers(questions, ["l1-q1"])
    data["q-l1-q2"] = ["0"]  # one of the two correct options only: wrong
    data["q-not-a-question"] = ["0"]
    response = learner_client.post(lesson.url, data)
    html = response.content.decode()
    assert response.status_code == 200
    responses = {r.question_id: r for r in QuestionResponse.objects.filter(employee=course.learner)}
    assert set(responses) == {"l1-q1", "l1-q2"}
    assert responses["l1-q1"].is_correct and responses["l1-q1"].selected == [0]
    assert not responses["l1-q2"].is_correct and responses["l1-q2"].selected == [0]
    assert all(r.context == QuestionResponse.Context.KNOWLEDGE_CHECK for r in responses.values())
    assert all(r.page_key == lesson.translation_key and r.language == "ja" for r in responses.values())
    assert 'role="status"' in html
    assert shows(html, "You answered %(correct)s of %(total)s questions correctly.", correct=1, total=2)
    assert shows(html, "Your answer — correct.") and "Feedback 0 of l1-q1" in html
    assert shows(html, "Correct answer (you did not choose it).") and "Feedback 2 of l1-q2" in html
    assert "Explanation of l1-q2" in html and shows(html, "Not correct.")
    assert LessonProgress.objects.filter(employee=course.learner, lesson_key=lesson.translation_key).exists()
    assert shows(html, "Next lesson: %(title)s", title=course.lessons[1].title)


def test_out_of_range_or_double_answers_are_wrong(learner_client, course):
    lesson = course.lessons[0]
    learner_client.post(lesson.url, {"q-l1-q1": ["0", "1"], "q-l1-q2": ["0", "2", "9"]})
    responses = {r.question_id: r for r in QuestionResponse.objects.filter(employee=course.learner)}
    assert not responses["l1-q1"].is_correct
    assert not responses["l1-q2"].is_correct


def test_another_method_gets_the_notice_and_no_final_test(client, course, units):
    # The English source text says how each method is recorded; the page shows it in the learner's language.
    phrases = {
        TrainingMethod.PRINTED_EXCERPT: "your completion is recorded when you hand in your signed slip",
        TrainingMethod.CLASSROOM: "your completion is recorded when you attend the session",
        TrainingMethod.READ_ALOUD: "your completion is recorded at the read-aloud session",
        TrainingMethod.HR_HANDOUT: "your completion is recorded when you return the slip to your site's HR",
    }
    for method, phrase in phrases.items():
        with translation.override(None):
            msgid = str(METHOD_NOTICES[method])
        assert phrase in msgid
        employee = learner_add(course, units=units, method=method)
        client.force_login(employee.user)
        for url in (course.course.url, course.lessons[0].url, course.final_test.url):
            html = client.get(url).content.decode()
            assert shows(html, msgid), (method, url)
        course_html = client.get(course.course.url).content.decode()
        assert shows(course_html, "The final test is not part of your training.")
        assert not shows(client.get(course.final_test.url).content.decode(), "Start the final test")


def test_editors_preview_renders_read_only_pages(course):
    lesson = course.lessons[0]
    response = lesson.make_preview_request()
    html = response.rendered_content if hasattr(response, "rendered_content") else response.content.decode()
    assert response.status_code == 200
    assert "Body text of lesson 1." in html and 'name="q-l1-q1"' in html
    course_preview = course.course.make_preview_request()
    assert course_preview.status_code == 200
    assert shows(course_preview.rendered_content, "%(done)s of %(total)s lessons finished", done=0, total=3)
    assert course.final_test.make_preview_request().status_code == 200
    assert not LessonProgress.objects.exists() and not QuestionResponse.objects.exists()
