"""The final test: locked until the lessons are done, a frozen plan, scoring on the server, once only."""

import pytest

from lms.i18n.formatting import locale_date
from lms.learning.models import FinalTestAttempt, QuestionResponse
from lms.training.models import CompletionRecord, EvidenceKind, TrainingMethod
from tests.learning.course import (
    build_course,
    correct_answers,
    finish_all_lessons,
    learner_add,
    shows,
    wrong_answers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(units):
    return build_course(units=units, lessons=3, final_test_size=3, pass_mark=75)


@pytest.fixture
def learner_client(client, course):
    client.force_login(course.learner.user)
    return client


def open_attempt(client, course, employee) -> FinalTestAttempt:
    response = client.post(course.final_test.url + "start/")
    assert response.status_code == 302
    attempt = FinalTestAttempt.objects.get(employee=employee, submitted_at__isnull=True)
    assert response.url.endswith(f"/attempt/{attempt.pk}/")
    return attempt


def attempt_url(course, attempt) -> str:
    return f"{course.final_test.url}attempt/{attempt.pk}/"


def plan_ids(attempt) -> list[str]:
    return [item["id"] for item in attempt.plan]


def test_final_test_is_locked_until_every_lesson_is_done(learner_client, course):
    html = learner_client.get(course.final_test.url).content.decode()
    assert shows(html, "The final test is locked. It opens when you have finished every lesson.")
    assert not shows(html, "Start the final test")
    response = learner_client.post(course.final_test.url + "start/", follow=True)
    assert shows(response.content.decode(), "Finish every lesson before taking the final test.")
    assert not FinalTestAttempt.objects.exists()
    # Two of three lessons are not enough.
    learner_client.post(course.lessons[0].url, {})
    learner_client.post(course.lessons[2].url, {"action": "finish"})
    learner_client.post(course.final_test.url + "start/")
    assert not FinalTestAttempt.objects.exists()
    learner_client.post(course.lessons[1].url, {})
    html = learner_client.get(course.course.url).content.decode()
    assert f'href="{course.final_test.url}"' in html
    assert shows(learner_client.get(course.final_test.url).content.decode(), "Start the final test")


def test_plan_spreads_across_rules_and_the_form_renders_it(learner_client, course):
    finish_all_lessons(learner_client, course)
    attempt = open_attempt(learner_client, course, course.learner)
    pool = course.pool()
    assert len(attempt.plan) == 3 and len(set(plan_ids(attempt))) == 3
    # Three rules (0, 1, 2), three questions: one from each rule.
    assert sorted(pool[qid]["rule"] for qid in plan_ids(attempt)) == [0, 1, 2]
    for item in attempt.plan:
        assert sorted(item["options"]) == list(range(len(pool[item["id"]]["options"])))
    # Starting again while it is open returns the same attempt, same plan.
    again = open_attempt(learner_client, course, course.learner)
    assert again.pk == attempt.pk and again.plan == attempt.plan
    html = learner_client.get(attempt_url(course, attempt)).content.decode()
    assert html.count("<fieldset") == 3
    for item in attempt.plan:
        shown = [html.index(f'name="q-{item["id"]}" value="{p}"') for p in item["options"]]
        assert shown == sorted(shown)
    not_drawn = set(pool) - set(plan_ids(attempt))
    assert all(f"q-{qid}" not in html for qid in not_drawn)


def test_tampering_cannot_pass_and_a_submission_is_accepted_once(learner_client, course):
    finish_all_lessons(learner_client, course)
    attempt = open_attempt(learner_client, course, course.learner)
    pool = course.pool()
    not_drawn = [qid for qid in pool if qid not in plan_ids(attempt)]
    # Correct answers to questions outside the plan, extra fields, nothing for the plan: zero.
    data = correct_answers(pool, not_drawn)
    data.update({"score_percent": "100", "passed": "1", "q-": "0", f"q-{plan_ids(attempt)[0]}": ["x", "99"]})
    response = learner_client.post(attempt_url(course, attempt), data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score_percent == 0 and not attempt.passed
    assert attempt.correct_count == 0 and attempt.question_count == 3
    responses = QuestionResponse.objects.filter(attempt=attempt)
    assert sorted(r.question_id for r in responses) == sorted(plan_ids(attempt))
    assert all(r.context == QuestionResponse.Context.FINAL_TEST and not r.is_correct for r in responses)
    # Replaying with correct answers changes nothing.
    submitted_at = attempt.submitted_at
    response = learner_client.post(attempt_url(course, attempt), correct_answers(pool, plan_ids(attempt)), follow=True)
    assert shows(response.content.decode(), "This attempt was already submitted; your answers were not changed.")
    attempt.refresh_from_db()
    assert attempt.submitted_at == submitted_at and attempt.score_percent == 0 and not attempt.passed
    assert QuestionResponse.objects.filter(attempt=attempt).count() == 3
    assert not CompletionRecord.objects.exists()


def test_another_learners_attempt_is_a_404(client, course, units):
    other = learner_add(course, units=units)
    client.force_login(course.learner.user)
    finish_all_lessons(client, course)
    mine = open_attempt(client, course, course.learner)
    client.force_login(other.user)
    pool = course.pool()
    assert client.get(attempt_url(course, mine)).status_code == 404
    assert client.post(attempt_url(course, mine), correct_answers(pool, plan_ids(mine))).status_code == 404
    mine.refresh_from_db()
    assert mine.submitted_at is None
    assert not QuestionResponse.objects.filter(attempt=mine).exists()
    # Nor does the other learner see it listed.
    html = client.get(course.final_test.url).content.decode()
    assert f"attempt/{mine.pk}/" not in html and not shows(html, "Your attempts")


def test_fail_then_pass_records_exactly_one_elearning_completion(learner_client, course):
    finish_all_lessons(learner_client, course)
    pool = course.pool()
    first = open_attempt(learner_client, course, course.learner)
    learner_client.post(attempt_url(course, first), wrong_answers(pool, plan_ids(first)))
    html = learner_client.get(attempt_url(course, first)).content.decode()
    assert shows(html, "You scored %(score)s%% (%(correct)s of %(total)s correct).", score=0, correct=0, total=3)
    assert shows(html, "You did not pass. The pass mark is %(mark)s%%.", mark=75)
    assert shows(html, "Rules to review")
    for lesson in course.lessons:
        assert f'href="{lesson.url}"' in html
    assert not CompletionRecord.objects.exists()

    second = open_attempt(learner_client, course, course.learner)
    assert second.pk != first.pk
    data = correct_answers(pool, plan_ids(second))
    learner_client.post(attempt_url(course, second), data)
    html = learner_client.get(attempt_url(course, second)).content.decode()
    assert shows(html, "You scored %(score)s%% (%(correct)s of %(total)s correct).", score=100, correct=3, total=3)
    assert shows(html, "You passed the final test.")
    assert shows(html, "Your completion of the course has been recorded.")
    record = CompletionRecord.objects.get()
    assert record.method == TrainingMethod.ELEARNING and record.evidence_kind == EvidenceKind.QUIZ_ATTEMPT
    assert record.evidence == second and record.assignment.employee == course.learner
    assert record.recorded_by == course.learner.user

    # Passing again later says it was already recorded and adds nothing.
    third = open_attempt(learner_client, course, course.learner)
    learner_client.post(attempt_url(course, third), correct_answers(pool, plan_ids(third)))
    html = learner_client.get(attempt_url(course, third)).content.decode()
    assert shows(
        html,
        "Your training was already recorded as completed on %(date)s.",
        date=locale_date(CompletionRecord.objects.get().completed_on, language="ja"),
    )
    assert CompletionRecord.objects.count() == 1

    my_training = learner_client.get("/ja/my-training/").content.decode()
    assert shows(my_training, "Completed")
    assert shows(my_training, "%(done)s of %(total)s lessons finished", done=3, total=3)
    assert f'href="{course.course.url}"' in my_training


def test_attempts_list_shows_only_own_attempts(client, course, units):
    other = learner_add(course, units=units)
    for employee in (course.learner, other):
        client.force_login(employee.user)
        finish_all_lessons(client, course)
        open_attempt(client, course, employee)
    client.force_login(course.learner.user)
    html = client.get(course.final_test.url).content.decode()
    mine = FinalTestAttempt.objects.get(employee=course.learner)
    theirs = FinalTestAttempt.objects.get(employee=other)
    assert f"attempt/{mine.pk}/" in html and f"attempt/{theirs.pk}/" not in html


def test_other_methods_cannot_start_the_final_test(client, course, units):
    employee = learner_add(course, units=units, method=TrainingMethod.CLASSROOM)
    client.force_login(employee.user)
    finish_all_lessons(client, course)
    response = client.post(course.final_test.url + "start/", follow=True)
    assert shows(response.content.decode(), "Your training is recorded another way; the final test is not part of it.")
    assert not FinalTestAttempt.objects.filter(employee=employee).exists()
