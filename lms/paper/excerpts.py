"""What a printed excerpt (抜粋版) says, read from the live course pages.

Nothing is copied: every run reads the current published pages, in the reader's language where a
live translation exists and in Japanese otherwise.

Every course gets the generic excerpt: its rule lessons (title, one-line summary, key points) and
the classification table if a lesson has one. A course app adds what only it knows by registering a
provider for its ``course_code`` (``excerpt_provider_register``, from its ``AppConfig.ready``); the
provider usually calls ``excerpt_content_generic`` and adds to the result. This app imports no
course app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from lms.learning.models import CoursePage, LessonPage
from lms.learning.selectors import course_for_language, lessons_of


@dataclass
class ExcerptRule:
    number: int
    title: str
    summary: str
    key_points: list[str] = field(default_factory=list)
    language: str = ""


@dataclass
class ExcerptContent:
    language: str
    course_title: str
    course_title_ja: str
    revision: str
    rules: list[ExcerptRule]
    classification_heading: str = ""
    classification_rows: list[dict] = field(default_factory=list)
    # "When a leak is discovered": steps and notes printed on their own page, when the course has them.
    leak_heading: str = ""
    leak_steps: list[str] = field(default_factory=list)
    leak_notes: list[dict] = field(default_factory=list)
    languages_used: set[str] = field(default_factory=set)

    @property
    def is_fallback(self) -> bool:
        """Some pages were not translated and are printed in Japanese."""
        return self.languages_used != {self.language}


ExcerptProvider = Callable[..., ExcerptContent]
_providers: dict[str, ExcerptProvider] = {}


def excerpt_provider_register(course_code: str, provider: ExcerptProvider) -> None:
    """Use ``provider(course=…, language=…)`` for courses whose ``course_code`` is ``course_code``."""
    _providers[course_code] = provider


def excerpt_content(*, course: CoursePage, language: str) -> ExcerptContent:
    """The excerpt of ``course`` (the Japanese source) for a reader of ``language``."""
    provider = _providers.get(course.course_code, excerpt_content_generic)
    return provider(course=course, language=language)


def page_in_language(page, language: str):
    """The live translation of ``page`` in ``language``, or ``page`` itself."""
    if page.locale.language_code == language:
        return page
    translated = (
        type(page).objects.live().filter(translation_key=page.translation_key, locale__language_code=language).first()
    )
    return translated or page


def excerpt_content_generic(*, course: CoursePage, language: str) -> ExcerptContent:
    """Rule lessons with their key points, and the classification table wherever it sits."""
    source = course
    shown_course = course_for_language(course=source, language=language)
    content = ExcerptContent(
        language=language,
        course_title=shown_course.title,
        course_title_ja=source.title,
        revision=source.revision_label,
        rules=[],
    )
    content.languages_used.add(shown_course.locale.language_code)
    for source_lesson in lessons_of(source):
        lesson = page_in_language(source_lesson, language)
        _read_classification(content, lesson)
        if source_lesson.kind != LessonPage.Kind.RULE or not source_lesson.rule_number:
            continue
        content.languages_used.add(lesson.locale.language_code)
        rule = ExcerptRule(
            number=source_lesson.rule_number,
            title=lesson.title,
            summary=lesson.summary,
            language=lesson.locale.language_code,
        )
        for block in lesson.body:
            if block.block_type == "key_points":
                rule.key_points.extend(str(item) for item in block.value["items"])
        content.rules.append(rule)
    content.rules.sort(key=lambda r: r.number)
    return content


def _read_classification(content: ExcerptContent, lesson: LessonPage) -> None:
    if content.classification_rows:
        return
    for block in lesson.body:
        if block.block_type == "classification_table":
            content.classification_heading = block.value["heading"]
            content.classification_rows = [
                {"mark": row["mark"], "label": row["label"], "scope": row["scope"], "example": row["example"]}
                for row in block.value["rows"]
            ]
            content.languages_used.add(lesson.locale.language_code)
            return
