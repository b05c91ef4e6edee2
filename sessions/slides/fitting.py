"""How much room a slide's text needs, so both renderers pick a type size that fits without measuring fonts.

A projector slide must stay readable from the back of a room, and a bilingual slide holds twice the
text. Neither reveal.js nor PowerPoint shrinks text reliably on its own (PowerPoint only refits text
that someone edits), so the renderers estimate: a full-width character (Japanese, Chinese) is one em
wide, any other character about half an em. Good enough to choose between a few sizes.
"""

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

LINE_HEIGHT = 1.25
# Latin, Vietnamese and other proportional text: the average glyph is about half an em wide.
NARROW_EM = 0.5


def em_width(text: str) -> float:
    """The width of ``text`` on one line, in ems."""
    return sum(1.0 if unicodedata.east_asian_width(char) in ("W", "F") else NARROW_EM for char in text)


@dataclass(frozen=True)
class Line:
    """One paragraph of a text box: its text, its size relative to the body size, the share of the box's
    width it flows in (a table column: less than 1), and the room after it."""

    text: str
    scale: float = 1.0
    width: float = 1.0
    space_after: float = 0.3  # in lines of the body size


def lines_height(lines: Iterable[Line], *, size: float, width: float) -> float:
    """The height ``lines`` take at body size ``size`` in a box ``width`` wide (same unit as ``size``)."""
    total = 0.0
    for line in lines:
        line_size = size * line.scale
        wrapped = max(1, math.ceil(em_width(line.text) * line_size / (width * line.width))) if line.text else 1
        total += wrapped * line_size * LINE_HEIGHT + line.space_after * size
    return total


def fitting_size(lines: list[Line], *, width: float, height: float, sizes: Iterable[float]) -> float:
    """The largest of ``sizes`` (tried in the order given, largest first) at which ``lines`` fit the box.

    The smallest size when nothing fits: the text is then still all there, only tight.
    """
    sizes = list(sizes)
    for size in sizes:
        if lines_height(lines, size=size, width=width) <= height:
            return size
    return sizes[-1]
