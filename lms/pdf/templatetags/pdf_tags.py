"""Template helpers for PDF templates."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def ja(text) -> str:
    """Japanese text drawn with the Japanese font, whatever the document's language.

    xhtml2pdf has no per-glyph fallback, so a Japanese mark inside a Chinese
    document must name the JP font itself or it is drawn in Chinese shapes.
    """
    return format_html('<span lang="ja" class="ja">{}</span>', text)
