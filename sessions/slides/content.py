"""What a deck is made of: plain frozen data, drawn by the HTML and the PowerPoint renderers.

Every text is a ``Phrase``: the text as shown, its language, and on a bilingual slide the Japanese
original to show beside it.
"""

from dataclasses import dataclass

SOURCE_LANGUAGE = "ja"


class SlidesUnavailable(Exception):
    """The deck cannot be built: an unknown language, or no live translation of the course in it."""


class SlideKind:
    TITLE = "title"
    LESSON = "lesson"
    TABLE = "table"
    EXAMPLE = "example"
    PROCEDURE = "procedure"
    QUESTION = "question"


class ListStyle:
    BULLET = "bullet"
    NUMBER = "number"
    LETTER = "letter"


@dataclass(frozen=True)
class Phrase:
    """A text as shown: in ``language`` (the deck's, or Japanese where a page is not translated),
    with its Japanese original in ``japanese`` on a bilingual slide (empty otherwise)."""

    text: str
    language: str
    japanese: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Section:
    items: tuple[Phrase, ...]
    heading: Phrase | None = None
    style: str = ListStyle.BULLET


@dataclass(frozen=True)
class Table:
    header: tuple[Phrase, ...]
    rows: tuple[tuple[Phrase, ...], ...]


@dataclass(frozen=True)
class Slide:
    kind: str
    title: Phrase
    label: Phrase | None = None
    text: Phrase | None = None  # a paragraph: the course's intro line, an example, a question's situation
    sections: tuple[Section, ...] = ()
    table: Table | None = None
    # Speaker notes, paragraph by paragraph, each in its own language (a bilingual deck adds the Japanese).
    notes: tuple[Phrase, ...] = ()
    rule_number: int | None = None


@dataclass(frozen=True)
class Deck:
    title: Phrase
    language: str
    bilingual: bool
    revision: str
    slides: tuple[Slide, ...]
