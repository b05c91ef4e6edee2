"""The slide chrome ("Key points", "Example", "Rule 2", …) in a deck's language, with the Japanese
beside it on a bilingual slide."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from lms.learning.models import LessonPage

from .content import SOURCE_LANGUAGE, Phrase

# The slide chrome. Lazy, so each deck renders them in its own language (and in Japanese beside).
KEY_POINTS = gettext_lazy("Key points")
EXAMPLE = gettext_lazy("Example")
FOR_DISCUSSION = gettext_lazy("For discussion")
RULE = gettext_lazy("Rule %(number)s")
ANSWER = gettext_lazy("Answer: %(answer)s")
LEAK_PROCEDURE = gettext_lazy("When a leak is discovered")
DO_IN_ORDER = gettext_lazy("Do, in this order")
DONT = gettext_lazy("Don't")
TABLE_HEADER = (
    gettext_lazy("Mark"),
    gettext_lazy("Name of the mark"),
    gettext_lazy("Who may see it"),
    gettext_lazy("Example document"),
)


def in_language(message, language: str, **values) -> str:
    with translation.override(language):
        return str(message) % values if values else str(message)


class Labels:
    """The slide chrome in the deck's language, with the Japanese on a bilingual slide."""

    def __init__(self, *, language: str, bilingual: bool):
        self.language = language
        self.bilingual = bilingual

    def phrase(self, message, **values) -> Phrase:
        text = in_language(message, self.language, **values)
        japanese = in_language(message, SOURCE_LANGUAGE, **values) if self.bilingual else ""
        return Phrase(text, self.language, japanese if japanese != text else "")

    def joined(self, *phrases: Phrase) -> Phrase:
        """Several labels on one line ("Rule 2 · Example")."""
        japanese = " · ".join(p.japanese or p.text for p in phrases) if any(p.japanese for p in phrases) else ""
        return Phrase(" · ".join(p.text for p in phrases), phrases[0].language, japanese)

    def lesson_kind(self, lesson: LessonPage) -> Phrase:
        if lesson.kind == LessonPage.Kind.RULE and lesson.rule_number:
            return self.phrase(RULE, number=lesson.rule_number)
        return self.phrase(LessonPage.Kind(lesson.kind).label)
