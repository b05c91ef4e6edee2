"""The course as every learner sees it, computed once and shared by every process through the cache.

Nothing here is about a learner. The entries are:

* the route from a URL to a course or lesson page (used by ``routing.serve``);
* the pages whose view restrictions apply to a learner page (itself, or the page it is an alias
  of, and its ancestors); the restrictions themselves are read from the database every time;
* a course's outline: the course's, its lessons' and its final test's titles, URLs and keys;
* a lesson's content, per live revision and language: its body rendered to HTML, its
  knowledge-check questions as plain data, and each question rendered unanswered, its options
  apart so that each learner's page puts them in that learner's order.

A learner's progress, answers, training method, option order and CSRF tokens are rendered around
these entries by the views on every request; they are never stored here.

Invalidation. Every key holds the *content generation*: a random token kept in the same cache
(Django's default cache, which all web workers, Celery workers and commands share) and replaced,
never incremented, so an evicted token cannot come back, whenever what the entries show may have
changed: a page saved, published, unpublished, moved or deleted (titles, URLs, links embedded in
bodies, the tree), a site or locale saved or deleted (URLs, the tree a language is served from),
an image saved or deleted (images embedded in bodies). The token is replaced at once and again
when the transaction commits: an entry computed from the data as it was before the commit is
stored under a token that is already gone. Since the token is read before the data an entry is
computed from, an entry never outlives a change made through the ORM's model methods. Writes that
send no signal (``QuerySet.update`` of pages) are seen when the entries expire (``TIMEOUT``).
Keys also hold a release stamp of the code that renders the entries (block templates,
catalogues), so that a deploy never serves HTML rendered by the previous release.
"""

import functools
import hashlib
import uuid
from collections.abc import Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import wagtail
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import CoursePage, FinalTestPage, LessonPage
from .questions import questions_for_display

TIMEOUT = 24 * 3600
_PREFIX = "learning:content"
GENERATION_KEY = f"{_PREFIX}:generation"


# --- Generation and keys --------------------------------------------------------------------------


# Set by ``routing.serve`` for one request: its entries' keys hold one generation, read once.
_request_generation: ContextVar[str | None] = ContextVar("learning_content_generation", default=None)


def content_generation() -> str:
    """The current content generation (created on first use, or after the cache lost it)."""
    token = _request_generation.get() or cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(GENERATION_KEY, token, timeout=None)
        token = cache.get(GENERATION_KEY) or token
    return token


@contextmanager
def generation_read_once():
    """Within the block (one request), the content generation is read from the cache once.

    It is read before the data the request's entries are computed from, as outside the block. A
    change of content during the block replaces the generation in the cache, not the one read: what
    the block stores afterwards goes under a generation already gone, so it is never read."""
    reset = _request_generation.set(content_generation())
    try:
        yield
    finally:
        _request_generation.reset(reset)


def content_changed(**kwargs) -> None:
    """Something every learner sees changed: no entry stored so far is read again."""
    _generation_replace()
    transaction.on_commit(_generation_replace)


def _generation_replace() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


@functools.cache
def release() -> str:
    """Changes with the code and files that render the entries (a deploy)."""
    digest = hashlib.sha256(wagtail.__version__.encode())
    here = Path(__file__).parent
    files = [*sorted(here.glob("*.py")), *sorted((here / "templates").rglob("*.html"))]
    for root in settings.LOCALE_PATHS:
        files += sorted(Path(root).rglob("*.mo"))
    for path in files:
        stat = path.stat()
        digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}\n".encode())
    return digest.hexdigest()[:12]


def _key(kind: str, *parts: object) -> str:
    # Hashed: paths and host names may hold characters some cache backends refuse in keys.
    identity = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"{_PREFIX}:{release()}:{content_generation()}:{kind}:{identity}"


# --- Routes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageRoute:
    """Where Wagtail's routing took a URL: a page with no sub-route."""

    model: str
    pk: int
    url_path: str


def _route_key(request, path: str) -> str:
    return _key("route", request.get_host(), request.get_port(), translation.get_language(), path)


def route_page(request, path: str) -> Page | None:
    """The live page Wagtail's routing found for this URL before, if the route is in the cache.

    The page is read from the database (one query), live and at the same place, or not at all."""
    route = cache.get(_route_key(request, path))
    if route is None:
        return None
    model = apps.get_model(route.model)
    return model.objects.live().filter(pk=route.pk, url_path=route.url_path).first()


def route_store(request, path: str, page: Page) -> None:
    """Remember that Wagtail's routing took this URL to ``page`` (with no sub-route)."""
    route = PageRoute(model=page._meta.label_lower, pk=page.pk, url_path=page.url_path)
    cache.set(_route_key(request, path), route, TIMEOUT)


# --- View restrictions ----------------------------------------------------------------------------


def view_restriction_page_ids(page: Page) -> list[int]:
    """The pages whose view restrictions apply to ``page``, as ``Page.get_view_restrictions`` finds them:
    the page and its ancestors, each alias replaced by the page it is an alias of."""
    key = _key("restricted-by", page.pk)
    ids = cache.get(key)
    if ids is None:
        found: set[int] = set()

        def add(node: Page) -> None:
            if node.alias_of_id:
                add(node.alias_of)
            else:
                found.add(node.pk)

        add(page)
        for ancestor in page.get_ancestors().only("alias_of"):
            add(ancestor)
        ids = sorted(found)
        cache.set(key, ids, TIMEOUT)
    return ids


# --- Course outline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageLink:
    """A page as outlines and links show it."""

    pk: int
    title: str
    url: str | None
    translation_key: uuid.UUID


@dataclass(frozen=True)
class LessonLink(PageLink):
    summary: str
    kind: str
    rule_number: int | None


@dataclass(frozen=True)
class CourseStructure:
    """A course's live lessons in reading order and its live final test."""

    course: PageLink
    lessons: tuple[LessonLink, ...]
    final_test: PageLink | None


_LINK_FIELDS = ("id", "path", "depth", "title", "url_path", "translation_key", "locale_id", "live")


def _link(page: Page) -> PageLink:
    return PageLink(pk=page.pk, title=page.title, url=page.get_url(), translation_key=page.translation_key)


def course_structure(*, course_path: str) -> CourseStructure | None:
    """The outline of the course page at ``course_path`` (three queries when not cached)."""
    key = _key("course", course_path, translation.get_language())
    structure = cache.get(key)
    if structure is None:
        course = CoursePage.objects.filter(path=course_path).only(*_LINK_FIELDS).first()
        if course is None:
            return None
        lessons = (
            LessonPage.objects.live()
            .child_of(course)
            .order_by("path")
            .only(*_LINK_FIELDS, "summary", "kind", "rule_number")
        )
        final_test = FinalTestPage.objects.live().child_of(course).order_by("path").only(*_LINK_FIELDS).first()
        structure = CourseStructure(
            course=_link(course),
            lessons=tuple(
                LessonLink(
                    pk=lesson.pk,
                    title=lesson.title,
                    url=lesson.get_url(),
                    translation_key=lesson.translation_key,
                    summary=lesson.summary,
                    kind=lesson.kind,
                    rule_number=lesson.rule_number,
                )
                for lesson in lessons
            ),
            final_test=_link(final_test) if final_test is not None else None,
        )
        cache.set(key, structure, TIMEOUT)
    return structure


# --- Lesson content -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredQuestion:
    """A question block as plain data, with the ``id`` and ``value`` of a stream child."""

    id: str
    value: dict


@dataclass(frozen=True)
class QuestionForm:
    """A knowledge-check question as a learner sees it before answering, rendered once.

    ``options`` holds each option's HTML by position; ``html`` puts them in a learner's order."""

    id: str
    start: str
    options: tuple[str, ...]
    end: str

    def html(self, order: Sequence[int]) -> SafeString:
        options = "".join(self.options[position] for position in order if position < len(self.options))
        # The parts were rendered by the question templates, which escape the values they show.
        return mark_safe(self.start + options + self.end)  # noqa: S308


@dataclass(frozen=True)
class LessonContent:
    body_html: SafeString
    questions: tuple[StoredQuestion, ...]
    question_forms: tuple[QuestionForm, ...]


def _question_data(value) -> dict:
    return {
        "kind": value["kind"],
        "rule": value["rule"],
        "scenario": value.get("scenario") or "",
        "prompt": value["prompt"],
        "explanation": value.get("explanation") or "",
        "options": [
            {"text": option["text"], "correct": bool(option["correct"]), "feedback": option["feedback"]}
            for option in value["options"]
        ],
    }


def _question_forms(questions: Sequence[StoredQuestion]) -> tuple[QuestionForm, ...]:
    start, option, end = (
        get_template(f"learning/includes/question_{part}.html") for part in ("start", "option", "end")
    )
    forms = []
    for question in questions_for_display(questions, order_for=lambda _id, count: range(count)):
        context = {"question": question}
        forms.append(
            QuestionForm(
                id=question.id,
                start=start.render(context),
                options=tuple(option.render({**context, "option": shown}) for shown in question.options),
                end=end.render(context),
            )
        )
    return tuple(forms)


def lesson_content_render(lesson: LessonPage) -> LessonContent:
    """The lesson's body and unanswered questions rendered in the active language, from ``lesson`` as it is."""
    questions = tuple(
        StoredQuestion(id=block.id, value=_question_data(block.value))
        for block in lesson.questions
        if block.block_type == "question"
    )
    return LessonContent(
        # Rendered by the block templates, which escape the values they show.
        body_html=mark_safe(str(lesson.body)),  # noqa: S308
        questions=questions,
        question_forms=_question_forms(questions),
    )


def lesson_content(*, lesson: LessonPage, language: str) -> LessonContent:
    """The live lesson's content in ``language``, rendered once per live revision and shared by all learners."""
    stamp = lesson.last_published_at.timestamp() if lesson.last_published_at else 0
    key = _key("lesson", lesson.pk, lesson.live_revision_id, stamp, language)
    content = cache.get(key)
    if content is None:
        with translation.override(language):
            content = lesson_content_render(lesson)
        cache.set(key, content, TIMEOUT)
    return content


# --- Receivers (connected in LearningConfig.ready) ------------------------------------------------


def connect() -> None:
    uid = f"{_PREFIX}:"
    for model in {*get_page_models(), Page, Site, Locale, get_image_model()}:
        name = model._meta.label_lower
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}save:{name}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}delete:{name}")
    for name, signal in (("published", page_published), ("unpublished", page_unpublished), ("moved", post_page_move)):
        signal.connect(content_changed, dispatch_uid=f"{uid}{name}")
