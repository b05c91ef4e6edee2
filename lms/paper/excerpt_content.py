"""What the printed excerpt (抜粋版) says, read from the live course pages.

Nothing is copied: every run reads the current published pages, in the
reader's language where a live translation exists and in Japanese otherwise.
"""

from dataclasses import dataclass, field

from courses.nine_rules.models import CoursePage, LessonPage
from courses.nine_rules.selectors import course_for_language, lessons_of

LEAK_RULE_NUMBER = 9


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
    leak_heading: str = ""
    leak_steps: list[str] = field(default_factory=list)
    leak_notes: list[dict] = field(default_factory=list)
    languages_used: set[str] = field(default_factory=set)

    @property
    def is_fallback(self) -> bool:
        """Some pages were not translated and are printed in Japanese."""
        return self.languages_used != {self.language}


def _in_language(page, language: str):
    """The live translation of ``page`` in ``language``, or ``page`` itself."""
    if page.locale.language_code == language:
        return page
    translated = (
        type(page).objects.live().filter(translation_key=page.translation_key, locale__language_code=language).first()
    )
    return translated or page


def excerpt_content(*, course: CoursePage, language: str) -> ExcerptContent:
    """Read the excerpt from ``course`` (the Japanese source) for a reader of ``language``."""
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
        if source_lesson.kind != LessonPage.Kind.RULE or not source_lesson.rule_number:
            # The classification table may sit in any lesson; read it wherever it is.
            lesson = _in_language(source_lesson, language)
            _read_classification(content, lesson)
            continue
        lesson = _in_language(source_lesson, language)
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
        _read_classification(content, lesson)
        if source_lesson.rule_number == LEAK_RULE_NUMBER:
            _read_leak_steps(content, lesson)
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


def _read_leak_steps(content: ExcerptContent, lesson: LessonPage) -> None:
    """Rule 9 (a leak discovered): its 'do' list and warnings, as steps to follow."""
    content.leak_heading = lesson.title
    for block in lesson.body:
        if block.block_type == "do_dont":
            content.leak_steps.extend(str(item) for item in block.value["do"])
        elif block.block_type == "callout" and block.value["tone"] in ("warning", "info"):
            content.leak_notes.append({"heading": block.value["heading"], "text": block.value["text"]})
