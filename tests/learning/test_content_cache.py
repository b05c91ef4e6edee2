"""What every learner sees the same (lms.learning.content_cache, lms.learning.routing): rendered once
and shared by all learners, never stale after a publish, a move, a rename, an unpublish or an image
change, and never holding anything of one learner."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, PageViewRestriction

from lms.accounts.models import Role
from lms.accounts.services import role_grant
from lms.home.models import HomePage
from lms.learning import content_cache
from lms.learning.blocks import LessonBodyBlock
from lms.learning.models import CoursePage, LessonPage
from lms.learning.questions import option_order
from lms.training.models import TrainingMethod
from tests.learning.course import build_course, learner_add, shows

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(units):
    return build_course(units=units, lessons=4, learners=2)


@pytest.fixture
def body_renders(monkeypatch) -> list:
    """Every rendering of a lesson body (the StreamField's block tree rendered to HTML)."""
    calls = []
    render = LessonBodyBlock.render

    def counting(self, value, context=None):
        calls.append(value)
        return render(self, value, context)

    monkeypatch.setattr(LessonBodyBlock, "render", counting)
    return calls


def logged_in(employee) -> Client:
    client = Client()
    client.force_login(employee.user)
    return client


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def body_of(html: str) -> str:
    return html.split('<div class="lesson__body">', 1)[1].split('<section class="knowledge-check"', 1)[0]


def publish(page, **changes):
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def paragraph(html: str) -> list[dict]:
    return [{"type": "paragraph", "id": "p-1", "value": html}]


def translate(page, locale, **changes):
    copy = page.copy_for_translation(locale)
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return type(page).objects.get(pk=copy.pk)


# --- Shared by all learners -----------------------------------------------------------------------


def test_the_body_is_rendered_once_and_served_to_every_learner(course, body_renders, units):
    lesson = course.lessons[1]
    first = html_of(logged_in(course.learners[0]), lesson.url)
    assert len(body_renders) == 1
    second = html_of(logged_in(course.learners[1]), lesson.url)
    third = html_of(logged_in(learner_add(course, units=units)), lesson.url)
    assert len(body_renders) == 1
    assert "Body text of lesson 2." in body_of(first)
    assert body_of(first) == body_of(second) == body_of(third)


def test_a_published_revision_shows_at_once(course, body_renders):
    client = logged_in(course.learner)
    lesson = course.lessons[1]
    html_of(client, lesson.url)
    publish(lesson, body=paragraph("<p>Rewritten body of lesson 2.</p>"), title="Rewritten lesson 2")
    html = html_of(logged_in(course.learners[1]), lesson.url)
    assert "Rewritten body of lesson 2." in html and "Body text of lesson 2." not in html
    assert "Rewritten lesson 2" in html
    assert len(body_renders) == 2
    # The outline of the other lessons (their "next lesson" link) follows too.
    assert shows(html_of(client, course.lessons[0].url), "Next lesson: %(title)s", title="Rewritten lesson 2")


def test_a_renamed_course_shows_in_the_breadcrumb_at_once(course):
    client = logged_in(course.learner)
    lesson = course.lessons[0]
    assert course.course.title in html_of(client, lesson.url)
    publish(course.course, title="Renamed course")
    assert ">Renamed course</a>" in html_of(client, lesson.url)


def test_a_link_to_a_page_follows_it_when_it_is_renamed_or_moved(course, units):
    target = course.lessons[3]
    lesson = publish(course.lessons[0], body=paragraph(f'<p>See <a linktype="page" id="{target.pk}">rule 3</a>.</p>'))
    client = logged_in(course.learner)
    assert f'<a href="{target.url}">rule 3</a>' in html_of(client, lesson.url)

    renamed = publish(target, slug="renamed-lesson")
    assert renamed.url.endswith("/renamed-lesson/")
    html = html_of(client, lesson.url)
    assert f'<a href="{renamed.url}">rule 3</a>' in html and target.url not in html

    home = HomePage.objects.get(depth=2)
    other = CoursePage(title="Another course", slug="another-course")
    home.add_child(instance=other)
    other.save_revision().publish()
    LessonPage.objects.get(pk=target.pk).move(other, pos="last-child")
    moved = LessonPage.objects.get(pk=target.pk)
    assert moved.url.startswith("/ja/another-course/")
    html = html_of(client, lesson.url)
    assert f'<a href="{moved.url}">rule 3</a>' in html and renamed.url not in html


def test_a_link_follows_an_unpublished_translation_back_to_the_source_page(course):
    target = course.lessons[3]
    lesson = publish(course.lessons[0], body=paragraph(f'<p>See <a linktype="page" id="{target.pk}">rule 3</a>.</p>'))
    english = Locale.objects.get_or_create(language_code="en")[0]
    translate(HomePage.objects.get(depth=2), english)
    translate(course.course, english)
    en_lesson = translate(
        lesson, english, body=paragraph(f'<p>See <a linktype="page" id="{target.pk}">rule 3</a>.</p>')
    )
    en_target = translate(target, english)
    client = logged_in(course.learner)
    assert f'<a href="{en_target.url}">rule 3</a>' in html_of(client, en_lesson.url)
    LessonPage.objects.get(pk=en_target.pk).unpublish()
    html = html_of(client, en_lesson.url)
    assert f'<a href="{target.url}">rule 3</a>' in html and en_target.url not in html


def test_an_embedded_image_changed_or_deleted_shows_at_once(course, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = get_image_model().objects.create(title="Desk", file=get_test_image_file("clear-desk.png"))
    block = {
        "type": "image",
        "id": "img-1",
        "value": {"image": image.pk, "alt_text": "A clear desk", "decorative": False},
    }
    lesson = publish(course.lessons[0], body=[block])
    client = logged_in(course.learner)
    html = body_of(html_of(client, lesson.url))
    assert re.search(r'<img [^>]*alt="A clear desk"', html) and "clear-desk" in html

    # As the image editor does when a new file is uploaded: the old renditions go.
    image.renditions.all().delete()
    image.file = get_test_image_file("locked-screen.png", colour="red")
    image.save()
    html = body_of(html_of(logged_in(course.learners[1]), lesson.url))
    assert "locked-screen" in html and "clear-desk" not in html

    image.delete()
    html = body_of(html_of(client, lesson.url))
    assert "<img" not in html and "<figure" not in html


def test_each_language_gets_its_own_body(course, body_renders):
    # Without an English tree, /en/ serves the Japanese page: same page, interface in English.
    lesson = course.lessons[1]
    client = logged_in(course.learner)
    japanese = body_of(html_of(client, lesson.url))
    english = body_of(html_of(client, lesson.url.replace("/ja/", "/en/", 1)))
    assert len(body_renders) == 2
    assert shows(japanese, "Common mistake", "ja") and shows(english, "Common mistake", "en")
    assert japanese != english
    html_of(logged_in(course.learners[1]), lesson.url.replace("/ja/", "/en/", 1))
    assert len(body_renders) == 2


def test_a_translation_has_its_own_body(course):
    english = Locale.objects.get_or_create(language_code="en")[0]
    translate(HomePage.objects.get(depth=2), english)
    translate(course.course, english)
    en_lesson = translate(course.lessons[1], english, body=paragraph("<p>English body of lesson 2.</p>"))
    client = logged_in(course.learner)
    assert "Body text of lesson 2." in html_of(client, course.lessons[1].url)
    html = html_of(client, en_lesson.url)
    assert "English body of lesson 2." in html and "Body text of lesson 2." not in html


def test_invalidation_reaches_other_processes_through_the_cache(course, settings, tmp_path):
    """The generation lives in the cache every process shares (files here, Redis in production)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    client = logged_in(course.learner)
    lesson = course.lessons[1]
    assert "Body text of lesson 2." in html_of(client, lesson.url)
    # Another worker opens the same cache directory with nothing in memory.
    other_worker = caches.create_connection("default")
    before = other_worker.get(content_cache.GENERATION_KEY)
    assert before == content_cache.content_generation()
    publish(lesson, body=paragraph("<p>Published by another worker.</p>"))
    assert other_worker.get(content_cache.GENERATION_KEY) not in (None, before)
    assert "Published by another worker." in html_of(client, lesson.url)


# --- Routes ---------------------------------------------------------------------------------------


def test_an_unpublished_lesson_is_a_404_though_its_route_was_cached(course):
    client = logged_in(course.learner)
    lesson = course.lessons[1]
    html_of(client, lesson.url)
    LessonPage.objects.get(pk=lesson.pk).unpublish()
    assert client.get(lesson.url).status_code == 404
    assert client.get(course.lessons[0].url).status_code == 200


def test_a_moved_lesson_is_served_at_its_new_url_only(course):
    client = logged_in(course.learner)
    lesson = course.lessons[1]
    html_of(client, lesson.url)
    home = HomePage.objects.get(depth=2)
    other = CoursePage(title="Another course", slug="another-course")
    home.add_child(instance=other)
    other.save_revision().publish()
    LessonPage.objects.get(pk=lesson.pk).move(other, pos="last-child")
    assert client.get(lesson.url).status_code == 404
    assert "Body text of lesson 2." in html_of(client, LessonPage.objects.get(pk=lesson.pk).url)


def test_a_view_restriction_added_later_applies_at_once(course):
    client = logged_in(course.learner)
    lesson = course.lessons[1]
    html_of(client, lesson.url)
    restriction = PageViewRestriction.objects.create(
        page=CoursePage.objects.get(pk=course.course.pk), restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Editors only"))
    response = client.get(lesson.url)
    assert response.status_code == 302 and "/_util/login/" in response.url
    restriction.delete()
    assert client.get(lesson.url).status_code == 200


# --- Never a learner's ----------------------------------------------------------------------------


def test_progress_and_answers_of_one_learner_never_show_on_another_s_page(course):
    first, second = logged_in(course.learners[0]), logged_in(course.learners[1])
    with_questions, without = course.lessons[0], course.lessons[2]
    first.post(without.url, {"action": "finish"})
    answered = first.post(with_questions.url, {"q-l1-q1": "0", "q-l1-q2": ["0", "2"]}).content.decode()
    assert shows(answered, "Your answer — correct.")

    assert shows(html_of(first, without.url), "You have finished this lesson.")
    html = html_of(second, without.url)
    assert shows(html, "Mark as finished") and not shows(html, "You have finished this lesson.")
    html = html_of(second, with_questions.url)
    assert not shows(html, "Your answer — correct.") and " checked" not in html and " disabled" not in html
    for learner, client in zip(course.learners, (first, second), strict=True):
        shown = [int(p) for p in re.findall(r'name="q-l1-q2" value="(\d+)"', html_of(client, with_questions.url))]
        assert shown == option_order(employee_id=learner.pk, question_id="l1-q2", count=4)


def test_a_learner_s_method_role_and_progress_show_at_once(course):
    client = logged_in(course.learner)
    lesson = course.lessons[2]
    html = html_of(client, lesson.url)
    assert not shows(html, "How your training is recorded") and 'href="/admin/"' not in html
    assignment = course.learner.assignments.get()
    assignment.method = TrainingMethod.PRINTED_EXCERPT
    assignment.save()
    role_grant(user=course.learner.user, role=Role.AUDITOR, unit=None, actor=None)
    html = html_of(client, lesson.url)
    assert shows(html, "How your training is recorded") and 'href="/admin/"' in html
    # Another learner of the same lesson keeps their own.
    other = html_of(logged_in(course.learners[1]), lesson.url)
    assert not shows(other, "How your training is recorded") and 'href="/admin/"' not in other


def test_a_logged_out_session_gets_the_login_page(course):
    client = logged_in(course.learner)
    lesson = course.lessons[1]
    html_of(client, lesson.url)
    client.post(reverse("accounts:logout"))
    response = client.get(lesson.url)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
