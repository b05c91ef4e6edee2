"""The real course in all seven languages: loaded twice, every learner page rendered in every
language, with no Japanese or English source text left where a translation should be."""

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import to_locale

from lms.learning.models import CoursePage, FinalTestAttempt, FinalTestPage, LessonPage
from lms.learning.selectors import course_for_language, lessons_of
from lms.training.models import Campaign, TrainingMethod
from lms.training.services import campaign_launch
from tests.factories import EmployeeFactory, UserFactory
from tests.learning.course import PASSWORD
from tests.real_course import load_real_course

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Kept in Japanese on purpose: the marks printed on documents, and glossary terms translators
# put in brackets after their translation so workers recognise the word used in the plant.
ALLOWED_JAPANESE = [
    *["社外極秘", "関係者外秘", "社外秘", "公開情報"],
    *["事務局", "活動推進キーマン", "誓約書", "開示", "ヒヤリハット", "ヒヤリ"],
]
KANA = re.compile(r"[\u3040-\u30ff]")
HAN_OR_KANA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


class VisibleText(HTMLParser):
    """Collects the text a reader sees, leaving out script/style and the elements explicitly
    marked as another language than the page's (the Japanese marks, the brand glyph, and the
    language switcher's options, each named in its own language)."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr"}:
            return
        lang = (dict(attrs).get("lang") or "").lower()
        other_language = tag != "html" and lang and not lang.startswith(self.language)
        skip = other_language or tag in {"script", "style", "title"}
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _skip = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not any(skip for _tag, skip in self.stack):
            self.parts.append(data)


def visible_text(html: str, language: str) -> str:
    parser = VisibleText(language)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def interface_strings(language: str) -> list[str]:
    """English msgids that this language translates differently (and that are long enough to be
    unambiguous), to catch interface text left in English."""
    with open(settings.LOCALE_PATHS[0] / to_locale(language) / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        plain = isinstance(message.id, str) and isinstance(message.string, str)
        if (
            plain
            and " " in message.id
            and len(message.id) > 12
            and "%" not in message.id
            and message.string != message.id
        ):
            found.append(message.id)
    return found


def learner_create(units):
    user = UserFactory(username="real-learner")
    employee = EmployeeFactory(unit=units["plant_a"], number="R0001", user=user)
    course = CoursePage.objects.get(locale__language_code="ja")
    campaign = Campaign.objects.create(name="FY", course=course, fiscal_year=2026, due_date="2027-02-28")
    campaign_launch(campaign=campaign, actor=None)
    assert employee.assignments.get().method == TrainingMethod.ELEARNING
    return employee


def learner_pages(client, language: str, employee) -> dict[str, str]:
    """Every page a learner reads, in one language: course, each lesson (before and after
    answering), the final test's intro, form and result."""
    source = CoursePage.objects.get(locale__language_code="ja")
    course = course_for_language(course=source, language=language)
    assert course.locale.language_code == language
    pages = {"course": client.get(course.url).content.decode()}
    for lesson in lessons_of(course):
        lesson = lesson.specific
        pages[f"{lesson.slug}"] = client.get(lesson.url).content.decode()
        answers = {f"q-{block.id}": "0" for block in lesson.questions}
        response = client.post(lesson.url, {"action": "check", **answers}, follow=True)
        pages[f"{lesson.slug} answered"] = response.content.decode()
    final_test = FinalTestPage.objects.child_of(course).get()
    pages["final test"] = client.get(final_test.url).content.decode()
    response = client.post(final_test.url + "start/", follow=True)
    pages["final test form"] = response.content.decode()
    attempt = FinalTestAttempt.objects.filter(employee=employee, submitted_at__isnull=True).get()
    response = client.post(
        final_test.url + f"attempt/{attempt.pk}/", {f"q-{item['id']}": "0" for item in attempt.plan}, follow=True
    )
    pages["final test result"] = response.content.decode()
    return pages


def language_problems(language: str, pages: dict[str, str]) -> list:
    problems = []
    english = interface_strings(language) if language != "en" else []
    for name, html in pages.items():
        if f'<html lang="{language}"' not in html:
            problems.append((language, name, "html lang attribute"))
        text = visible_text(html, language)
        if len(text) < 100:
            problems.append((language, name, "almost empty page"))
        leftovers = [s for s in english if s in text]
        if leftovers:
            problems.append((language, name, "English interface text", leftovers[:5]))
        if language == "ja":
            continue
        stripped = text
        for word in ALLOWED_JAPANESE:
            stripped = stripped.replace(word, "")
        found = (KANA if language == "zh-hans" else HAN_OR_KANA).search(stripped)
        if found:
            problems.append((language, name, "Japanese text", stripped[max(0, found.start() - 40) :][:120]))
    return problems


def test_the_real_course_in_every_language(client, units, real_course):
    first = real_course  # the session's one load, into an empty page tree
    second = load_real_course()

    # Loading twice leaves one course with nine rule lessons per language, and the second run writes nothing.
    assert "13 created" in first
    assert "0 created, 0 updated, 13 unchanged" in second
    for code in LANGUAGES:
        course = CoursePage.objects.get(locale__language_code=code)
        lessons = LessonPage.objects.child_of(course).live()
        assert lessons.filter(kind=LessonPage.Kind.RULE).count() == 9, code
        assert lessons.count() == 11, code
        assert FinalTestPage.objects.child_of(course).count() == 1, code
    for code in LANGUAGES[1:]:
        assert f"{code}: pages 0 created, 0 updated, 13 unchanged" in second, code

    # Every learner page, in every language, reads in that language.
    employee = learner_create(units)
    client.login(username="real-learner", password=PASSWORD)
    problems = []
    for language in LANGUAGES:
        problems += language_problems(language, learner_pages(client, language, employee))
    assert not problems, "\n".join(map(str, problems[:40]))
