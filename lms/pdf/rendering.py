"""``render_pdf``: the one way Mamori turns a template into PDF bytes.

Invariants:
- every font is TrueType, embedded and subset (ReportLab does both for TTF);
- the document is rendered in ``language`` (gettext and Babel), whatever the
  request's language is;
- nothing is fetched: remote URLs are refused and local reads are confined to
  the converted font directory (images come in as ``data:`` URIs);
- a render that xhtml2pdf reports as failed raises ``PdfRenderError``; its
  warnings (a glyph a font lacks vanishes with a warning only) are logged on
  ``mamori.pdf`` and returned to callers that ask for them.
"""

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.tables import CellStyle
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from .classification import classification_for
from .fonts import FONT_JP, FONT_SC, font_dir, fonts_check

log = logging.getLogger("mamori.pdf")

XHTML2PDF_LOGGERS = ("xhtml2pdf",)


class PdfRenderError(RuntimeError):
    """xhtml2pdf could not render a document."""


@dataclass
class RenderReport:
    warnings: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    def __init__(self, report: RenderReport):
        super().__init__(level=logging.WARNING)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        self.report.warnings.append(record.getMessage())


def body_font_family(language: str) -> str:
    """Chinese documents use the SC font so hanzi get Chinese shapes; every other language the JP font."""
    return FONT_SC.family if language.lower().startswith("zh") else FONT_JP.family


def render_html(template_name: str, context: dict, *, language: str) -> str:
    fonts = fonts_check()
    with translation.override(language):
        extra = {}
        if context.get("classification_mark"):
            extra["classification"] = classification_for(context["classification_mark"])
        return render_to_string(
            template_name,
            {
                **context,
                **extra,
                "pdf_language": language,
                "pdf_fonts": {family: path.as_posix() for family, path in fonts.items()},
                "pdf_body_font": body_font_family(language),
                "pdf_jp_font": FONT_JP.family,
                # Tags xhtml2pdf replaces when it lays out each page.
                "pdf_page_number": mark_safe("<pdf:pagenumber>"),  # noqa: S308
                "pdf_page_count": mark_safe("<pdf:pagecount>"),  # noqa: S308
            },
        )


_registered: set[str] = set()


def _fonts_register(fonts: dict[str, Path]) -> None:
    """Register the TrueType fonts with ReportLab once per process, under the names xhtml2pdf gives them.

    xhtml2pdf reuses a font already registered under its name, so the large
    CJK files are parsed once per process, not once per document. The canvas
    starts with the JP font instead of Helvetica, which ReportLab would
    otherwise reference (unembedded) on every page.
    """
    for family, path in fonts.items():
        name = f"{family.lower()}_00"
        if name not in _registered:
            pdfmetrics.registerFont(TTFont(name, str(path)))
            _registered.add(name)
    base = f"{FONT_JP.family.lower()}_00"
    rl_config.canvas_basefontname = base
    # Tables set their cells' default font on the canvas before drawing; left at
    # Helvetica, it would be referenced unembedded by every page with a table.
    CellStyle.fontname = base


def html_to_pdf(html: str, *, report: RenderReport | None = None) -> bytes:
    _fonts_register(fonts_check())
    policy = ResourceAccessPolicy(allow_remote=False, base_dir=font_dir(), extra_roots=(font_dir(),))
    report = report if report is not None else RenderReport()
    collector = _Collector(report)
    loggers = [logging.getLogger(name) for name in XHTML2PDF_LOGGERS]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        output = io.BytesIO()
        result = pisa.CreatePDF(html, dest=output, encoding="utf-8", resource_policy=policy)
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
    if result.err:
        raise PdfRenderError(f"xhtml2pdf reported {result.err} error(s): {'; '.join(report.warnings)[:500]}")
    for message in report.warnings:
        log.warning("PDF render warning: %s", message)
    return output.getvalue()


def render_pdf(template_name: str, context: dict, *, language: str, report: RenderReport | None = None) -> bytes:
    """Render ``template_name`` (extending ``pdf/base.html``) to PDF bytes in ``language``."""
    return html_to_pdf(render_html(template_name, context, language=language), report=report)
