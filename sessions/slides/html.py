"""The HTML presentation of a deck, on reveal.js (from npm) with its notes plugin.

Press S for the speaker view: the current and next slide with the speaker notes
(``<aside class="notes">``). Two forms of the same page:

- served by the platform: the page links reveal.js and the slides' stylesheet from Mamori's own
  static files (``/static/reveal.js/...``, see ``STATICFILES_DIRS``);
- standalone (``course_slides --format html``): one file with every stylesheet and script inlined,
  which works offline when opened from a USB stick or the desktop.

Neither references any other host: no CDN, no web font. Every text carries its ``lang``.
"""

from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from .content import Deck, Slide, SlideKind
from .fitting import Line, em_width, fitting_size
from .labels import Labels

STYLESHEETS = ("reveal.js/reveal.css", "reveal.js/theme/white.css", "sessions/slides/deck.css")
SCRIPTS = ("reveal.js/reveal.js", "reveal.js/plugin/notes.js", "sessions/slides/start.js")

# The standalone file may run its own inline code and the fonts and images embedded in it, and
# reach nothing else: not even a mistake in a lesson's text could make it load from the network.
STANDALONE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)

HELP = gettext_lazy(
    "Press S for the speaker view with the notes, F for full screen, Esc for an overview of all slides."
)

# reveal.js draws every slide on a 1280 × 720 canvas (start.js) and scales it to the screen.
CANVAS_WIDTH = 1180
CANVAS_HEIGHT = 640
BODY_SIZES = (30, 27, 24, 21, 19, 17)
JAPANESE_SCALE = 0.85
TABLE_COLUMNS = (0.13, 0.17, 0.37, 0.33)


@dataclass(frozen=True)
class SlideView:
    slide: Slide
    size: int  # body type size in canvas pixels
    help: object = None
    column_percents: tuple[int, ...] = ()


def phrase_lines(phrase, *, scale: float = 1.0, width: float = 1.0) -> list[Line]:
    if phrase is None:
        return []
    lines = [Line(phrase.text, scale, width)]
    if phrase.japanese:
        lines.append(Line(phrase.japanese, scale * JAPANESE_SCALE, width))
    return lines


def slide_lines(slide: Slide) -> list[Line]:
    """Everything on the slide, at sizes relative to the body text (see deck.css)."""
    lines = phrase_lines(slide.label, scale=0.7) + phrase_lines(slide.title, scale=1.4) + phrase_lines(slide.text)
    for section in slide.sections:
        lines += phrase_lines(section.heading)
        for item in section.items:
            lines += phrase_lines(item, width=0.95)
    if slide.table is not None:
        # A row is as tall as its fullest cell (cells keep about 1em for padding and borders).
        widths = column_widths(slide)
        for row in (slide.table.header, *slide.table.rows):
            fullest = max(
                range(len(row)), key=lambda i: (em_width(row[i].text) + em_width(row[i].japanese)) / widths[i]
            )
            lines += phrase_lines(row[fullest], scale=0.9, width=widths[fullest] * 0.95)
    return lines


def column_widths(slide: Slide) -> tuple[float, ...]:
    """Shares of the slide's width: the classification table's mark, name, scope and example."""
    count = len(slide.table.header)
    return TABLE_COLUMNS if count == len(TABLE_COLUMNS) else (1 / count,) * count


def body_size(slide: Slide) -> int:
    if slide.kind == SlideKind.TITLE:
        return BODY_SIZES[0]
    return int(fitting_size(slide_lines(slide), width=CANVAS_WIDTH, height=CANVAS_HEIGHT, sizes=BODY_SIZES))


def static_text(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise ImproperlyConfigured(
            f"The static file {path} is missing. reveal.js comes from npm: run scripts/bootstrap "
            "(or python scripts/npm_packages.py) to install it into node_modules/."
        )
    with open(found, encoding="utf-8") as handle:
        return handle.read()


def inline_script(source: str) -> SafeString:
    """A script's text, safe inside ``<script>``: nothing in it can end or comment out the element early.

    In a string, template or regular expression, ``<\\/`` and ``<\\!`` read the same as ``</`` and ``<!``.
    """
    return mark_safe(
        source.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT").replace("<!--", "<\\!--")
    )


def inline_style(source: str) -> SafeString:
    return mark_safe(source.replace("</style", "<\\/style").replace("</STYLE", "<\\/STYLE"))


def presentation_html(deck: Deck, *, standalone: bool = False) -> str:
    """The presentation page: for serving (static links) or, ``standalone``, one self-contained file."""
    labels = Labels(language=deck.language, bilingual=deck.bilingual)
    help_phrase = labels.phrase(HELP)
    views = [
        SlideView(
            slide=slide,
            size=body_size(slide),
            help=help_phrase if slide.kind == SlideKind.TITLE else None,
            column_percents=tuple(round(share * 100) for share in column_widths(slide)) if slide.table else (),
        )
        for slide in deck.slides
    ]
    context = {"deck": deck, "slides": views, "standalone": standalone}
    if standalone:
        context.update(
            styles=[inline_style(static_text(path)) for path in STYLESHEETS],
            scripts=[inline_script(static_text(path)) for path in SCRIPTS],
            standalone_policy=STANDALONE_POLICY,
        )
    else:
        context.update(style_paths=STYLESHEETS, script_paths=SCRIPTS)
    with translation.override(deck.language):
        return render_to_string("sessions/slides/presentation.html", context)
