"""The cached lesson page (lms.learning.caching): served again only to the same session,
never stale after progress, publishing, training or role changes, never after logout."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.learning import caching, services
from lms.accounts.backends import EmployeeNumberBackend, user_by_pk
from lms.accounts.models import Role, User
from lms.accounts.services import role_grant
from lms.learning.models import LessonPage
from lms.organisation.models import Employee
from lms.training.models import TrainingMethod
from tests.learning.course import build_course, learner_add, shows

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(units):
    return build_course(units=units, lessons=4)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode(), [query["sql"] for query in queries]


def cached_keys(client) -> list[str]:
    return cache.get(caching._index_key(client.cookies["sessionid"].value)) or []


def test_second_read_comes_from_the_cache_with_two_queries_and_no_page_queries(course):
    client = logged_in(course.learner.user)
    lesson = course.lessons[1]
    first, first_queries = get(client, lesson.url)
    second, second_queries = get(client, lesson.url)
    assert len(first_queries) > 10
    # The user (with the session hash check) and their employee row; no Wagtail page, no progress.
    assert len(second_queries) == 2
    assert not any("wagtailcore_page" in sql or "lessonprogress" in sql for sql in second_queries)
    assert second == first
    assert lesson.title in second
    assert len(cached_keys(client)) == 1


def test_the_query_count_of_a_cached_read_does_not_grow_with_lessons(units):
    counts = []
    for slug, lessons in (("short", 3), ("long", 9)):
        built = build_course(slug=slug, units=units, lessons=lessons)
        client = logged_in(built.learner.user)
        get(client, built.lessons[1].url)
        counts.append(len(get(client, built.lessons[1].url)[1]))
    assert counts == [2, 2]


def test_finishing_a_lesson_shows_at_once(course):
    client = logged_in(course.learner.user)
    lesson = course.lessons[2]
    html, _ = get(client, lesson.url)
    assert shows(html, "Mark as finished")
    assert client.post(lesson.url, {"action": "finish"}).status_code == 200
    html, _ = get(client, lesson.url)
    assert shows(html, "You have finished this lesson.")
    assert not shows(html, "Mark as finished")


def test_progress_recorded_outside_the_request_shows_at_once(course):
    client = logged_in(course.learner.user)
    lesson = course.lessons[2]
    get(client, lesson.url)
    get(client, lesson.url)
    services.lesson_finish(employee=course.learner, lesson=lesson, actor=None)
    html, queries = get(client, lesson.url)
    assert len(queries) > 2
    assert shows(html, "You have finished this lesson.")


def test_publishing_the_lesson_or_its_neighbour_shows_at_once(course):
    client = logged_in(course.learner.user)
    lesson = course.lessons[1]
    get(client, lesson.url)
    get(client, lesson.url)
    page = LessonPage.objects.get(pk=lesson.pk)
    page.title = "Rewritten lesson title"
    page.save_revision().publish()
    html, _ = get(client, lesson.url)
    assert "Rewritten lesson title" in html
    neighbour = LessonPage.objects.get(pk=course.lessons[2].pk)
    neighbour.title = "Renamed next lesson"
    neighbour.save_revision().publish()
    html, _ = get(client, lesson.url)
    assert shows(html, "Next lesson: %(title)s", title="Renamed next lesson")


def test_unpublishing_the_lesson_makes_it_a_404(course):
    client = logged_in(course.learner.user)
    lesson = course.lessons[1]
    get(client, lesson.url)
    get(client, lesson.url)
    LessonPage.objects.get(pk=lesson.pk).unpublish()
    assert client.get(lesson.url).status_code == 404


def test_a_changed_training_method_shows_its_notice_at_once(course):
    client = logged_in(course.learner.user)
    lesson = course.lessons[1]
    html, _ = get(client, lesson.url)
    get(client, lesson.url)
    assert not shows(html, "How your training is recorded")
    assignment = course.learner.assignments.get()
    assignment.method = TrainingMethod.PRINTED_EXCERPT
    assignment.save()
    html, _ = get(client, lesson.url)
    assert shows(html, "How your training is recorded")


def test_a_granted_role_shows_the_administration_link_at_once(course):
    user = course.learner.user
    client = logged_in(user)
    lesson = course.lessons[1]
    html, _ = get(client, lesson.url)
    get(client, lesson.url)
    assert 'href="/admin/"' not in html
    role_grant(user=user, role=Role.AUDITOR, unit=None, actor=None)
    html, _ = get(client, lesson.url)
    assert 'href="/admin/"' in html


def test_after_logout_the_old_session_cookie_gets_the_login_page_and_the_entries_are_gone(course):
    client = logged_in(course.learner.user)
    lesson = course.lessons[1]
    get(client, lesson.url)
    get(client, lesson.url)
    keys = cached_keys(client)
    assert keys and all(cache.get(key) is not None for key in keys)
    old_cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert all(cache.get(key) is None for key in keys)
    replay = Client()
    for name, value in old_cookies.items():
        replay.cookies[name] = value
    response = replay.get(lesson.url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_another_learner_with_the_same_csrf_cookie_gets_their_own_page(course, units):
    first = logged_in(course.learner.user)
    lesson = course.lessons[2]
    first.post(lesson.url, {"action": "finish"})
    html, _ = get(first, lesson.url)
    get(first, lesson.url)
    assert shows(html, "You have finished this lesson.")
    other = learner_add(course, units=units)
    second = logged_in(other.user)
    second.cookies["csrftoken"] = first.cookies["csrftoken"].value
    html, _ = get(second, lesson.url)
    assert shows(html, "Mark as finished")
    assert not shows(html, "You have finished this lesson.")
    # Nor does a non-employee get the page the learner's session cached.
    outsider = logged_in(learner_add(course, units=units).user)
    outsider.cookies["csrftoken"] = first.cookies["csrftoken"].value
    html, _ = get(outsider, lesson.url)
    assert shows(html, "Mark as finished")


def test_a_user_who_is_no_longer_an_employee_is_refused_despite_the_cached_page(course):
    user = course.learner.user
    client = logged_in(user)
    lesson = course.lessons[1]
    get(client, lesson.url)
    get(client, lesson.url)
    employee = course.learner
    employee.user = None
    employee.save()
    assert client.get(lesson.url).status_code == 403


def test_the_csrf_token_in_a_cached_page_is_accepted(course):
    client = Client(enforce_csrf_checks=True)
    client.force_login(course.learner.user)
    lesson = course.lessons[2]
    client.get(lesson.url)
    html, queries = get(client, lesson.url)
    assert len(queries) == 2
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(lesson.url, {"action": "finish", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert shows(response.content.decode(), "This lesson is now marked as finished.")


def test_a_page_with_a_pending_message_is_not_cached(course):
    client = logged_in(course.learner.user)
    lesson = course.lessons[1]
    # Starting the locked final test queues an error message; the next page shows it once.
    assert client.post(course.final_test.url + "start/").status_code == 302
    html, _ = get(client, lesson.url)
    assert 'class="messages"' in html
    assert cached_keys(client) == []
    html, queries = get(client, lesson.url)
    assert 'class="messages"' not in html
    assert len(queries) > 2
    assert len(get(client, lesson.url)[1]) == 2


def test_a_user_deactivated_behind_the_cache_s_back_is_logged_out_at_once(course):
    """The user is read from the database on every request, even when the page comes from the cache."""
    user = course.learner.user
    client = logged_in(user)
    lesson = course.lessons[1]
    get(client, lesson.url)
    get(client, lesson.url)
    # A queryset update sends no signal: no cache token changes.
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_a_login_unlinked_from_its_employee_behind_the_cache_s_back_is_refused_at_once(course):
    client = logged_in(course.learner.user)
    lesson = course.lessons[1]
    get(client, lesson.url)
    get(client, lesson.url)
    Employee.objects.filter(pk=course.learner.pk).update(user=None)
    assert client.get(lesson.url).status_code == 403


def test_a_changed_password_ends_the_other_sessions_despite_the_cached_page(course):
    user = course.learner.user
    client = logged_in(user)
    lesson = course.lessons[1]
    get(client, lesson.url)
    get(client, lesson.url)
    User.objects.filter(pk=user.pk).update(password=make_password("a-new-Mamori-password"))
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_the_backend_loads_the_same_user_as_the_orm(course):
    user = User.objects.get(pk=course.learner.user.pk)
    user.last_login = timezone.now()
    user.save()
    loaded = user_by_pk(user.pk)
    assert type(loaded) is User
    assert not loaded._state.adding and loaded._state.db == "default"
    expected = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert isinstance(loaded.is_active, bool) and loaded.last_login.tzinfo is not None
    assert user_by_pk(str(user.pk)).pk == user.pk
    assert user_by_pk(user.pk + 1000) is None
    assert EmployeeNumberBackend().get_user(user.pk) == user
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert EmployeeNumberBackend().get_user(user.pk) is None
