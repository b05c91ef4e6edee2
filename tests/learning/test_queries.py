"""Every learner page runs the same number of queries whatever the number of lessons and employees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.learning.models import FinalTestAttempt
from tests.learning.course import build_course, finish_all_lessons, learner_add, wrong_answers

pytestmark = pytest.mark.django_db


def count(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries)


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


def crowd(course, units, size: int) -> None:
    """Other learners with progress and attempts, which must not change the learner's queries."""
    from django.test import Client

    for _ in range(size):
        other = learner_add(course, units=units)
        client = Client()
        client.force_login(other.user)
        finish_all_lessons(client, course)
        client.post(course.final_test.url + "start/")


def test_query_counts_do_not_grow_with_lessons_or_employees(client, units):
    small = build_course(slug="small", units=units, lessons=3, questionless=(3,))
    crowd(small, units, 1)
    # Warm the process caches (site root paths, content types) before counting.
    journey(client, build_course(slug="warm-up", units=units, lessons=3))
    small_counts = journey(client, small)
    large = build_course(slug="large", units=units, lessons=9, final_test_size=8, questionless=(3, 7))
    crowd(large, units, 4)
    large_counts = journey(client, large)
    assert small_counts == large_counts
