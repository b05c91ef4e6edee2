"""The classroom slides of a course, read from its live published pages.

Nothing is stored: every call reads the pages as they are published now, so a lesson changed in
the CMS gives changed slides and nobody edits slides by hand. The deck is plain frozen data; the
HTML presentation (``html.py``) and the PowerPoint file (``pptx.py``) are both drawn from it.

Order: a title slide, then for each lesson in reading order its key points (the one-line summary
when it has none) with the lesson's trainer notes as speaker notes, the classification table
where the lesson has one, its workplace examples, the leak procedure for the leak rule, and one
knowledge-check question per rule for discussion (answer and explanation only in the notes).

A bilingual deck (``with_japanese`` and a language other than Japanese) carries, for every text,
the Japanese source beside it: translated pages keep the block ids and list positions of the
Japanese page, which is how each text finds its original. A lesson without a live translation is
shown in Japanese.
"""

import html
import math
import re

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from courses.nine_rules.content import COURSE_CODE as NINE_RULES
from courses.nine_rules.excerpt import LEAK_RULE_NUMBER
from lms.i18n.languages import language_codes
from lms.learning.models import CoursePage, LessonPage
from lms.learning.selectors import lessons_of

from .content import SOURCE_LANGUAGE, Deck, ListStyle, Phrase, Section, Slide, SlideKind, SlidesUnavailable, Table
from .labels import (
    ANSWER,
    DO_IN_ORDER,
    DONT,
    EXAMPLE,
    FOR_DISCUSSION,
    KEY_POINTS,
    LEAK_PROCEDURE,
    TABLE_HEADER,
    Labels,
    in_language,
)

__all__ = [
    "Deck",
    "ListStyle",
    "Phrase",
    "Section",
    "Slide",
    "SlideKind",
    "SlidesUnavailable",
    "Table",
    "course_in_language",
    "deck_build",
]

# At most this many points on one slide; more are spread evenly over several slides.
POINTS_PER_SLIDE = 6
POINTS_PER_BILINGUAL_SLIDE = 4
OPTION_LETTERS = "ABCDEFGHIJ"


# --- Reading the pages ---------------------------------------------------------------------------


def course_in_language(*, course: CoursePage, language: str) -> CoursePage:
    """The live translation of the Japanese ``course`` in ``language`` (the course itself for Japanese)."""
    if language not in language_codes():
        raise SlidesUnavailable(_("Unknown language: %(language)s.") % {"language": language})
    if language == course.locale.language_code:
        return course
    translated = (
        CoursePage.objects.live().filter(translation_key=course.translation_key, locale__language_code=language).first()
    )
    if translated is None:
        raise SlidesUnavailable(
            _("“%(course)s” has no published translation in %(language)s.")
            % {"course": course.title, "language": dict(settings.LANGUAGES)[language]}
        )
    return translated


def lesson_pairs(*, course: CoursePage, language: str) -> list[tuple[LessonPage, LessonPage]]:
    """(shown lesson, Japanese lesson) in reading order; the shown one is the Japanese when untranslated."""
    sources = lessons_of(course)
    if language == course.locale.language_code:
        return [(lesson, lesson) for lesson in sources]
    translated = {
        lesson.translation_key: lesson
        for lesson in LessonPage.objects.live().filter(
            translation_key__in=[source.translation_key for source in sources], locale__language_code=language
        )
    }
    return [(translated.get(source.translation_key, source), source) for source in sources]


def first_paragraph(rich_text: str) -> str:
    match = re.search(r"<p[^>]*>(.*?)</p>", rich_text or "", flags=re.S)
    return html.unescape(strip_tags(match.group(1) if match else rich_text or "")).strip()


def note_paragraphs(text: str) -> list[str]:
    """Trainer notes are plain text; a blank line starts a paragraph."""
    return [paragraph.strip() for paragraph in re.split(r"\n\s*\n", text or "") if paragraph.strip()]


def chunks(items: list, size: int) -> list[list]:
    """``items`` over as few slides as ``size`` allows, spread evenly (6 points: 3 and 3, not 4 and 2)."""
    if not items:
        return [[]]
    count = math.ceil(len(items) / size)
    step = math.ceil(len(items) / count)
    return [items[start : start + step] for start in range(0, len(items), step)]


class LessonReader:
    """Builds one lesson's slides, pairing each shown text with its Japanese original."""

    def __init__(self, *, lesson: LessonPage, source: LessonPage, labels: Labels, course_code: str):
        self.lesson = lesson
        self.source = source
        self.labels = labels
        self.course_code = course_code
        self.language = lesson.locale.language_code
        self.translated = lesson.pk != source.pk
        self.source_blocks = {block.id: block for block in source.body}
        self.source_questions = {block.id: block for block in source.questions}

    def phrase(self, text, original="") -> Phrase:
        text, original = str(text or ""), str(original or "")
        japanese = original if self.labels.bilingual and self.translated and original != text else ""
        return Phrase(text, self.language, japanese)

    def blocks(self, block_type: str):
        """(shown block value, Japanese block value or None) of the body, in order."""
        for block in self.lesson.body:
            if block.block_type == block_type:
                original = self.source_blocks.get(block.id)
                yield block.value, (original.value if original is not None else None)

    def items(self, values, originals) -> list[Phrase]:
        originals = list(originals or [])
        return [
            self.phrase(item, originals[index] if index < len(originals) else "") for index, item in enumerate(values)
        ]

    def field(self, value, original, name: str) -> Phrase:
        return self.phrase(value[name], original[name] if original is not None else "")

    def notes(self) -> tuple[Phrase, ...]:
        """The trainer notes; a bilingual deck adds the Japanese ones, and they stand in when untranslated."""
        own = note_paragraphs(self.lesson.trainer_notes)
        source = note_paragraphs(self.source.trainer_notes)
        if not self.translated:
            return tuple(Phrase(p, self.language) for p in own)
        if own == source:
            # A translation that copied the Japanese notes unchanged: they are Japanese.
            own = []
        notes = [Phrase(p, self.language) for p in own]
        if self.labels.bilingual or not own:
            notes += [Phrase(p, SOURCE_LANGUAGE) for p in source]
        return tuple(notes)

    def slides(self) -> list[Slide]:
        rule = self.source.rule_number if self.source.kind == LessonPage.Kind.RULE else None
        slides = self.point_slides(rule)
        slides += self.table_slides(rule)
        slides += self.example_slides(rule)
        if rule == LEAK_RULE_NUMBER and self.course_code == NINE_RULES:
            slides += self.procedure_slides(rule)
        if rule:
            slides += self.question_slides(rule)
        return slides

    def point_slides(self, rule: int | None) -> list[Slide]:
        points: list[Phrase] = []
        heading = None
        for value, original in self.blocks("key_points"):
            points += self.items(value["items"], original["items"] if original is not None else None)
            if self.source.kind != LessonPage.Kind.RULE and value["heading"] and heading is None:
                # Rules all say "Key points"; the introduction and the summary name theirs.
                heading = self.field(value, original, "heading")
        if not points and self.lesson.summary:
            points = [self.phrase(self.lesson.summary, self.source.summary)]
        limit = POINTS_PER_BILINGUAL_SLIDE if any(point.japanese for point in points) else POINTS_PER_SLIDE
        title = self.phrase(self.lesson.title, self.source.title)
        notes = self.notes()
        return [
            Slide(
                kind=SlideKind.LESSON,
                title=title,
                label=self.labels.phrase(KEY_POINTS),
                sections=(Section(items=tuple(group), heading=heading),) if group else (),
                notes=notes if index == 0 else (),
                rule_number=rule,
            )
            for index, group in enumerate(chunks(points, limit))
        ]

    def context_label(self, *more: Phrase) -> Phrase:
        return self.labels.joined(self.labels.lesson_kind(self.source), *more)

    def table_slides(self, rule: int | None) -> list[Slide]:
        slides = []
        for value, original in self.blocks("classification_table"):
            original_rows = list(original["rows"]) if original is not None else []
            rows = []
            for index, row in enumerate(value["rows"]):
                source_row = original_rows[index] if index < len(original_rows) else None
                rows.append(
                    (
                        # The marks are printed in Japanese in every language.
                        Phrase(row["mark"], SOURCE_LANGUAGE),
                        self.field(row, source_row, "label"),
                        self.field(row, source_row, "scope"),
                        self.field(row, source_row, "example"),
                    )
                )
            header = tuple(self.labels.phrase(message) for message in TABLE_HEADER)
            slides.append(
                Slide(
                    kind=SlideKind.TABLE,
                    title=self.field(value, original, "heading"),
                    label=self.context_label(),
                    table=Table(header=header, rows=tuple(rows)),
                    rule_number=rule,
                )
            )
        return slides

    def example_slides(self, rule: int | None) -> list[Slide]:
        return [
            Slide(
                kind=SlideKind.EXAMPLE,
                title=self.field(value, original, "heading"),
                label=self.context_label(self.labels.phrase(EXAMPLE)),
                text=self.field(value, original, "text"),
                rule_number=rule,
            )
            for value, original in self.blocks("example")
        ]

    def procedure_slides(self, rule: int) -> list[Slide]:
        """The leak procedure: what to do, in order, and what not to do; on two slides when bilingual."""
        slides = []
        for value, original in self.blocks("do_dont"):
            sections = (
                Section(
                    items=tuple(self.items(value["do"], original["do"] if original is not None else None)),
                    heading=self.labels.phrase(DO_IN_ORDER),
                    style=ListStyle.NUMBER,
                ),
                Section(
                    items=tuple(self.items(value["dont"], original["dont"] if original is not None else None)),
                    heading=self.labels.phrase(DONT),
                ),
            )
            bilingual = any(item.japanese for section in sections for item in section.items)
            for group in [(section,) for section in sections] if bilingual else [sections]:
                slides.append(
                    Slide(
                        kind=SlideKind.PROCEDURE,
                        title=self.labels.phrase(LEAK_PROCEDURE),
                        label=self.context_label(),
                        sections=group,
                        rule_number=rule,
                    )
                )
        return slides

    def question_slides(self, rule: int) -> list[Slide]:
        """One question of the lesson's knowledge check, a scenario when there is one."""
        questions = list(self.lesson.questions)
        if not questions:
            return []
        chosen = next((q for q in questions if q.value["kind"] == "scenario"), questions[0])
        value = chosen.value
        source_block = self.source_questions.get(chosen.id)
        original = source_block.value if source_block is not None else None
        source_options = list(original["options"]) if original is not None else []
        options = []
        for index, option in enumerate(value["options"]):
            source_option = source_options[index] if index < len(source_options) else None
            options.append(self.field(option, source_option, "text"))
        situation = self.field(value, original, "scenario") if value["scenario"] else None
        return [
            Slide(
                kind=SlideKind.QUESTION,
                title=self.field(value, original, "prompt"),
                label=self.context_label(self.labels.phrase(FOR_DISCUSSION)),
                text=situation,
                sections=(Section(items=tuple(options), style=ListStyle.LETTER),),
                notes=self.answer_notes(value, original),
                rule_number=rule,
            )
        ]

    def answer_notes(self, value, original) -> tuple[Phrase, ...]:
        def paragraphs(question, language: str) -> list[Phrase]:
            letters = ", ".join(
                f"{OPTION_LETTERS[index]}. {option['text']}"
                for index, option in enumerate(question["options"])
                if option["correct"]
            )
            result = [Phrase(in_language(ANSWER, language, answer=letters), language)]
            if question["explanation"]:
                result.append(Phrase(str(question["explanation"]), language))
            return result

        notes = paragraphs(value, self.language)
        if self.translated and self.labels.bilingual and original is not None:
            notes += paragraphs(original, SOURCE_LANGUAGE)
        return tuple(notes)


# --- The deck ------------------------------------------------------------------------------------


def deck_build(*, course: CoursePage, language: str, with_japanese: bool = False) -> Deck:
    """The slides of the Japanese source ``course`` in ``language``, from its live published pages.

    Raises ``SlidesUnavailable`` for a language the site does not offer or a course not translated
    into it.
    """
    shown_course = course_in_language(course=course, language=language)
    bilingual = with_japanese and language != SOURCE_LANGUAGE
    labels = Labels(language=language, bilingual=bilingual)
    translated_course = shown_course.pk != course.pk

    def course_phrase(text: str, original: str) -> Phrase:
        return Phrase(text, language, original if bilingual and translated_course and original != text else "")

    title = course_phrase(shown_course.title, course.title)
    intro = first_paragraph(shown_course.intro)
    slides = [
        Slide(
            kind=SlideKind.TITLE,
            title=title,
            text=course_phrase(intro, first_paragraph(course.intro)) if intro else None,
        )
    ]
    for lesson, source in lesson_pairs(course=course, language=language):
        reader = LessonReader(lesson=lesson, source=source, labels=labels, course_code=course.course_code)
        slides += reader.slides()
    return Deck(
        title=title,
        language=language,
        bilingual=bilingual,
        revision=course.revision_label,
        slides=tuple(slides),
    )
