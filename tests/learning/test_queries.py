"""Every learner page runs the same number of queries whatever the number of lessons and employees.

A learner reads each lesson a few times a year: what counts is the page of a learner who has not
opened it before. Nothing of a learner is cached; what every learner sees the same (routes,
outline, body, questions) comes from the shared content cache once another learner has read it.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lms.learning.models import FinalTestAttempt
from tests.learning.course import build_course, finish_all_lessons, learner_add, wrong_answers

pytestmark = pytest.mark.django_db

# The user (session check), the page (live, at its place), its view restrictions, the employee,
# their progress in the course, their training method, their roles (the layout's admin link).
LESSON_FIRST_VISIT = 7
# The same when no learner has read the lesson since the content last changed (the course page
# has been read): Wagtail's routing (site, locale, the tree) and which pages' restrictions apply.
LESSON_FIRST_READER = 14


def logged_in(employee) -> Client:
    client = Client()
    client.force_login(employee.user)
    return client


def queries(client, method: str, url: str, data=None) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return [query["sql"] for query in captured]


def count(client, method: str, url: str, data=None) -> int:
    return len(queries(client, method, url, data))


def crowd(course, units, size: int) -> None:
    """Other learners with progress and attempts, which must not change a learner's queries.

    They also read every lesson first, so the shared content is cached."""
    for _ in range(size):
        client = logged_in(learner_add(course, units=units))
        finish_all_lessons(client, course)
        client.post(course.final_test.url + "start/")
        for lesson in course.lessons:
            client.get(lesson.url)


def evict(kind: str) -> int:
    """Drop the shared entries of one kind, as a full cache drops entries (the tests' LocMemCache)."""
    keys = [made_key.split(":", 2)[2] for made_key in list(cache._cache)]  # made keys are ":<version>:<key>"
    dropped = [key for key in keys if key.startswith("learning:content:") and f":{kind}:" in key]
    cache.delete_many(dropped)
    return len(dropped)


@pytest.mark.parametrize(("lessons", "others"), [(3, 1), (11, 6)])
def test_a_lesson_page_on_a_learner_s_first_visit_takes_seven_queries(units, lessons, others):
    course = build_course(slug=f"course-{lessons}", units=units, lessons=lessons, learners=2)
    crowd(course, units, others)
    for learner in course.learners:
        client = logged_in(learner)
        counts = [count(client, "get", lesson.url) for lesson in course.lessons]
        assert counts == [LESSON_FIRST_VISIT] * lessons, learner


@pytest.mark.parametrize("lessons", [3, 11])
def test_a_lesson_page_takes_seven_queries_when_its_body_is_no_longer_cached(units, lessons):
    course = build_course(slug=f"course-{lessons}", units=units, lessons=lessons, learners=2)
    crowd(course, units, 1)
    for learner in course.learners:
        assert evict("lesson") == lessons
        client = logged_in(learner)
        assert [count(client, "get", lesson.url) for lesson in course.lessons] == [LESSON_FIRST_VISIT] * lessons


@pytest.mark.parametrize("lessons", [3, 11])
def test_the_first_reader_of_a_lesson_takes_a_fixed_number_of_queries(units, lessons):
    course = build_course(slug=f"course-{lessons}", units=units, lessons=lessons, learners=2)
    first, second = (logged_in(learner) for learner in course.learners)
    # Site root paths and content types are cached by Wagtail and Django for every page.
    first.get(course.course.url)
    for lesson in course.lessons[1:]:
        assert count(first, "get", lesson.url) == LESSON_FIRST_READER
        assert count(second, "get", lesson.url) == LESSON_FIRST_VISIT


def test_the_seven_queries_are_the_learner_s_own(units):
    course = build_course(units=units, lessons=3, learners=2)
    crowd(course, units, 1)
    sql = " ".join(queries(logged_in(course.learner), "get", course.lessons[1].url))
    for table in (
        "accounts_user",
        "wagtailcore_page",
        "wagtailcore_pageviewrestriction",
        "organisation_employee",
        "learning_lessonprogress",
        "training_assignment",
        "accounts_roleassignment",
    ):
        assert table in sql, table
    assert "wagtailcore_site" not in sql and "wagtailcore_locale" not in sql


def journey(client, course) -> dict[str, int]:
    """The learner's pages, in the same order and state for every course size."""
    learner = course.learner
    client.force_login(learner.user)
    counts = {
        "my training": count(client, "get", "/ja/my-training/"),
        "course": count(client, "get", course.course.url),
        "lesson GET": count(client, "get", course.lessons[1].url),
        "lesson POST answers": count(client, "post", course.lessons[1].url, {"q-l2-q1": "0"}),
        "lesson POST again": count(client, "post", course.lessons[1].url, {"q-l2-q1": "0"}),
        "lesson POST finish": count(client, "post", course.lessons[2].url, {"action": "finish"}),
    }
    finish_all_lessons(client, course)
    counts["course, all done"] = count(client, "get", course.course.url)
    counts["final test index"] = count(client, "get", course.final_test.url)
    counts["final test start"] = count(client, "post", course.final_test.url + "start/")
    attempt = FinalTestAttempt.objects.get(employee=learner, submitted_at__isnull=True)
    url = f"{course.final_test.url}attempt/{attempt.pk}/"
    counts["final test form"] = count(client, "get", url)
    data = wrong_answers(course.pool(), [item["id"] for item in attempt.plan])
    counts["final test submit"] = count(client, "post", url, data)
    counts["final test result"] = count(client, "get", url)
    counts["final test replay"] = count(client, "post", url, data)
    counts["my training, progress"] = count(client, "get", "/ja/my-training/")
    return counts


def test_query_counts_do_not_grow_with_lessons_or_employees(client, units):
    # Warm the process caches (content types) before counting.
    journey(client, build_course(slug="warm-up", units=units, lessons=3))
    small = build_course(slug="small", units=units, lessons=3, questionless=(3,))
    crowd(small, units, 1)
    small_counts = journey(client, small)
    large = build_course(slug="large", units=units, lessons=9, final_test_size=8, questionless=(3, 7))
    crowd(large, units, 4)
    large_counts = journey(client, large)
    assert small_counts == large_counts
    assert small_counts["lesson GET"] == LESSON_FIRST_VISIT
