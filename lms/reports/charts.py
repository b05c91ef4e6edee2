"""Completion charts drawn on the server as SVG (pygal), each with a text alternative and its numbers as a table.

Invariants:
- a chart references nothing outside itself: no script (pygal's default loads one from a CDN), no
  stylesheet, no font, no link; the only URLs left in the markup are the SVG and XLink namespaces;
- every label is text the chart library escapes: a unit named ``<script>`` comes out as ``&lt;script&gt;``;
- the markup carries its own accessible name and description (``role="img"``, ``<title>``, ``<desc>``
  referenced by ``aria-labelledby``), and ``Chart.alt`` says in one paragraph what the bars show, so
  the chart is never the only place a number is given: ``Chart.headers`` and ``Chart.table`` hold
  every number for the table shown beside it;
- rates come in as fractions (0–1, as ``Tally.rate`` gives them; ``None`` when nobody was assigned)
  and are shown as percentages in the reader's locale (``locale_percent``);
- bars use a fixed palette whose colours contrast at least 3:1 with the white background (WCAG 1.4.11).

The same builders draw the charts of the committee PDF: given ``pdf_font`` (a font family registered
for the PDF renderer, see ``lms.pdf.rendering.body_font_family``), every text of the chart names that
embedded font, since svglib, which xhtml2pdf hands SVG images to, resolves only registered fonts.
"""

import base64
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from lxml import etree
from pygal.style import Style

from lms.i18n.formatting import locale_percent

SVG_NS = "http://www.w3.org/2000/svg"

# WCAG 1.4.11: every bar colour contrasts at least 3:1 with white (tests/reports/test_charts.py checks it).
PALETTE = ("#1f5fa8", "#b0470c", "#2a7a3b", "#7a3d9a", "#5b5b5b", "#a3243b", "#0f6f7a", "#7a5a00")
MARKER_COLOUR = "#000000"

# The admin's system font stack (Wagtail's --w-font-sans), then the CJK fonts Mamori's pages name,
# so Japanese and Chinese labels render wherever a reader's system has them.
SCREEN_FONT_FAMILY = (
    '-apple-system, BlinkMacSystemFont, "Segoe UI", system-ui, Roboto, "Helvetica Neue", Arial, '
    '"Noto Sans", "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, '
    '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif'
)

# Sizes in SVG units; the PDF draws the chart 17 cm wide (about 480 pt) from 720 units, the
# screen scales it to its column: both keep the labels at roughly 9 pt.
CHART_WIDTH = 720
BAR_ROW_HEIGHT = 30
BAR_CHART_CHROME = 90


@dataclass(frozen=True)
class Chart:
    """One chart: inline SVG, its text alternative, and the numbers behind it as a table."""

    title: str
    svg: SafeString
    alt: str
    headers: tuple[str, ...]
    table: list[tuple[str, ...]]

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:`` URI, the form ``render_pdf`` accepts images in."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def _style(font_family: str) -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#222222",
        foreground_strong="#000000",
        foreground_subtle="#8c8c8c",
        opacity="1",
        opacity_hover="1",
        transition="0ms",
        colors=PALETTE,
        font_family=font_family,
        title_font_family=font_family,
        label_font_family=font_family,
        major_label_font_family=font_family,
        legend_font_family=font_family,
        value_font_family=font_family,
        value_label_font_family=font_family,
        tooltip_font_family=font_family,
        no_data_font_family=font_family,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        title_font_size=15,
        value_font_size=12,
        no_data_font_size=16,
        guide_stroke_color="#b4b4b4",
        guide_stroke_dasharray="3,3",
        major_guide_stroke_color=MARKER_COLOUR,
        major_guide_stroke_dasharray="1,0",
    )


def _config(*, pdf_font: str | None, height: int, **options) -> dict:
    return {
        # pygal's default ``js`` is a script on kozea.github.io; no script at all is wanted.
        "js": [],
        # pygal adds base.css itself; these two are its defaults, named so no other sheet is ever linked.
        "css": ["file://style.css", "file://graph.css"],
        "disable_xml_declaration": True,
        "style": _style(pdf_font or SCREEN_FONT_FAMILY),
        "width": CHART_WIDTH,
        "height": height,
        "explicit_size": pdf_font is not None,
        "tooltip_fancy_mode": False,
        "show_minor_x_labels": True,
        "truncate_label": -1,
        "truncate_legend": -1,
        "margin": 12,
        "spacing": 8,
        "no_data_text": _("No data"),
        **options,
    }


def _label_margin(labels: Sequence[str]) -> int:
    """Room left of the plot for labels in Japanese or Chinese: pygal sizes labels as if every
    character were a Latin one, about half as wide as a kanji, and would cut their start off."""
    wide = max((sum(1 for c in label if unicodedata.east_asian_width(c) in "WF") for label in labels), default=0)
    return 12 + round(wide * 0.5 * 13)


def _percent_axis(*, marker: tuple[str, float] | None) -> dict:
    """Value axis from 0 to 100 % with a guide every 10 %, and the marker as a major, labelled line."""
    labels: list[dict | int] = [{"value": value, "label": locale_percent(value / 100)} for value in range(0, 101, 20)]
    options = {"range": (0, 100), "y_labels": labels, "value_formatter": lambda value: locale_percent(value / 100)}
    if marker is not None:
        label, rate = marker
        position = round(100 * rate, 1)
        labels.append({"value": position, "label": f"{label} {locale_percent(rate)}"})
        options["y_labels_major"] = [position]
        # Room above the plot for the marker's label (moved there by _marker_finish).
        options["margin_top"] = 30
    return options


def _svg_finish(raw: str, *, title: str, alt: str, marked: bool = False) -> SafeString:
    """pygal's SVG, made self-contained and accessible.

    Drops the comments (they carry pygal's web addresses) and anything that could reach outside the
    chart, gives the root ``role="img"`` with a ``<title>`` and ``<desc>`` it is labelled by, and
    serialises with lxml so every text is escaped.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
    root = etree.fromstring(raw.encode("utf-8"), parser)
    # Scripts and links reach outside; pygal's own <title>/<desc> (tooltip data for its script, and
    # titles such as "Pygal") would be read out or shown on hover with nothing to say.
    unwanted = {f"{{{SVG_NS}}}{name}" for name in ("script", "a", "image", "foreignObject", "title", "desc")}
    for element in [element for element in root.iter() if element.tag in unwanted]:
        element.getparent().remove(element)
    if marked:
        _marker_finish(root)
    prefix = f"chart-{uuid.uuid4().hex[:12]}"
    # pygal's root id is a random UUID too; a short one keeps the CSS small. Both are unique per chart.
    old_id = root.get("id")
    root.set("id", prefix)
    for style in root.iter(f"{{{SVG_NS}}}style"):
        style.text = (style.text or "").replace(f"#{old_id}", f"#{prefix}")
    title_element = etree.Element(f"{{{SVG_NS}}}title", id=f"{prefix}-title")
    title_element.text = title
    desc_element = etree.Element(f"{{{SVG_NS}}}desc", id=f"{prefix}-desc")
    desc_element.text = alt
    root.insert(0, desc_element)
    root.insert(0, title_element)
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title {prefix}-desc")
    root.set("focusable", "false")
    markup = etree.tostring(root, encoding="unicode")
    return mark_safe(markup)  # noqa: S308 - serialised by lxml from escaped text only


def _marker_finish(root) -> None:
    """Draw the due marker (the value axis's only major guide) solid and thick, its label above the plot.

    Left among the axis labels it would collide with the 80 % or 100 % label beside it.
    """
    for guide in root.iter(f"{{{SVG_NS}}}g"):
        if guide.get("class") != "guides":
            continue
        line = guide.find(f"{{{SVG_NS}}}path")
        label = guide.find(f"{{{SVG_NS}}}text")
        if line is None or label is None or "major" not in (line.get("class") or "").split():
            continue
        line.set("style", f"stroke:{MARKER_COLOUR};stroke-width:2.5;stroke-dasharray:none")
        # Normal weight: the PDF embeds the regular face only.
        label.set("y", "-8")


def _rate_cell(rate: float | None) -> str:
    return locale_percent(rate)


def completion_bar_chart(
    *,
    title: str,
    rows: Sequence[tuple[str, float | None]],
    due_marker: tuple[str, float] | None = None,
    label_header: str | None = None,
    pdf_font: str | None = None,
) -> Chart:
    """Horizontal bars, one per label, of completion rates from 0 to 100 %.

    ``rows`` are (label, rate) in the order to show them, top to bottom; a rate of ``None`` (nobody
    assigned) draws no bar and reads "—". ``due_marker`` is (label, rate): a labelled line across the
    bars at the rate expected by now (say "Due 100 %"), named in the text alternative too.
    ``label_header`` heads the labels' column of the table ("Unit" unless given).
    """
    rows = list(rows)
    chart = pygal.HorizontalBar(
        **_config(
            pdf_font=pdf_font,
            height=BAR_CHART_CHROME + BAR_ROW_HEIGHT * max(len(rows), 1),
            show_legend=False,
            margin_left=_label_margin([label for label, _rate in rows]),
            **_percent_axis(marker=due_marker),
        )
    )
    # pygal draws the first value at the bottom of a horizontal chart: reversed, the first row is on top.
    chart.x_labels = [label for label, _rate in reversed(rows)]
    chart.add(
        _("Completion rate"),
        [None if rate is None else round(100 * rate, 1) for _label, rate in reversed(rows)],
    )
    alt = _bar_alt(title=title, rows=rows, due_marker=due_marker)
    return Chart(
        title=title,
        svg=_svg_finish(chart.render(is_unicode=True), title=title, alt=alt, marked=due_marker is not None),
        alt=alt,
        headers=(label_header or _("Unit"), _("Completion rate")),
        table=[(label, _rate_cell(rate)) for label, rate in rows],
    )


def _bar_alt(*, title: str, rows: list[tuple[str, float | None]], due_marker: tuple[str, float] | None) -> str:
    if not rows:
        return _("%(title)s: no data.") % {"title": title}
    parts = [
        _("%(label)s %(rate)s") % {"label": label, "rate": _rate_cell(rate)}
        if rate is not None
        else _("%(label)s no one assigned") % {"label": label}
        for label, rate in rows
    ]
    measured = [(label, rate) for label, rate in rows if rate is not None]
    text = _("Bar chart, %(title)s: %(values)s.") % {"title": title, "values": _("; ").join(parts)}
    if measured:
        low = min(measured, key=lambda row: row[1])
        high = max(measured, key=lambda row: row[1])
        text += " " + _("Highest: %(high)s (%(high_rate)s); lowest: %(low)s (%(low_rate)s).") % {
            "high": high[0],
            "high_rate": _rate_cell(high[1]),
            "low": low[0],
            "low_rate": _rate_cell(low[1]),
        }
    if due_marker is not None:
        text += " " + _("The line marks %(label)s at %(rate)s.") % {
            "label": due_marker[0],
            "rate": _rate_cell(due_marker[1]),
        }
    return text


def completion_trend_chart(
    *,
    title: str,
    fiscal_year_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    label_header: str | None = None,
    pdf_font: str | None = None,
) -> Chart:
    """Grouped vertical bars: for each fiscal year (left to right), one bar per series (the group, a company).

    Every series has one rate per fiscal year label, in the same order; ``None`` draws no bar.
    The legend names the series, in the palette's order; ``label_header`` heads the series' column
    of the table ("Unit" unless given).
    """
    fiscal_year_labels = list(fiscal_year_labels)
    series = [(name, list(rates)) for name, rates in series]
    for name, rates in series:
        if len(rates) != len(fiscal_year_labels):
            raise ValueError(f"Series {name!r} has {len(rates)} rates for {len(fiscal_year_labels)} fiscal years.")
    legend_rows = (len(series) + 2) // 3
    chart = pygal.Bar(
        **_config(
            pdf_font=pdf_font,
            height=330 + 30 * legend_rows,
            # pygal reserves room for one row of legend only.
            margin_bottom=12 + 30 * (legend_rows - 1),
            show_legend=True,
            show_x_guides=False,
            legend_at_bottom=True,
            legend_at_bottom_columns=3,
            **_percent_axis(marker=None),
        )
    )
    chart.x_labels = fiscal_year_labels
    for name, rates in series:
        chart.add(name, [None if rate is None else round(100 * rate, 1) for rate in rates])
    alt = _trend_alt(title=title, fiscal_year_labels=fiscal_year_labels, series=series)
    return Chart(
        title=title,
        svg=_svg_finish(chart.render(is_unicode=True), title=title, alt=alt),
        alt=alt,
        headers=(label_header or _("Unit"), *fiscal_year_labels),
        table=[(name, *(_rate_cell(rate) for rate in rates)) for name, rates in series],
    )


def _trend_alt(*, title: str, fiscal_year_labels: list[str], series: list[tuple[str, list[float | None]]]) -> str:
    if not series or not fiscal_year_labels:
        return _("%(title)s: no data.") % {"title": title}
    described = []
    for name, rates in series:
        values = ", ".join(
            _("%(year)s %(rate)s") % {"year": year, "rate": _rate_cell(rate)}
            for year, rate in zip(fiscal_year_labels, rates, strict=True)
        )
        described.append(_("%(name)s: %(values)s") % {"name": name, "values": values})
    return _("Bar chart by fiscal year, %(title)s. %(series)s.") % {
        "title": title,
        "series": _("; ").join(described),
    }


@cache
def _svglib_fonts_registered(families: tuple[tuple[str, str], ...]) -> None:
    from svglib.fonts import register_font

    for family, path in families:
        # The name ReportLab already knows the font by (lms.pdf.rendering registers it the same way).
        register_font(family, path, rlgFontName=f"{family.lower()}_00")


def chart_pdf_fonts_register() -> None:
    """Tell svglib which embedded fonts the PDF variant of a chart names (once per process).

    Without this svglib would look the family up with fontconfig, find some system font, and
    register *that* under the name the PDF renderer uses for the embedded font.
    """
    from reportlab import rl_config

    from lms.pdf.fonts import FONT_JP, fonts_check

    _svglib_fonts_registered(tuple(sorted((family, str(path)) for family, path in fonts_check().items())))
    # A drawing starts in this font before its first text sets another; left at Helvetica it is
    # referenced, unembedded, by every page with a chart (as lms.pdf.rendering does for the canvas).
    rl_config.defaultGraphicsFontName = f"{FONT_JP.family.lower()}_00"
