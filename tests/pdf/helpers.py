"""Reading PDFs back in tests: text per page and the fonts they use."""

import logging
import subprocess
import tempfile

import pytest
from pypdf import PdfReader


def pdf_pages_text(data: bytes) -> list[str]:
    """Text of each page, extracted by poppler's pdftotext (layout-independent)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", handle.name, "-"], check=True, capture_output=True)
    pages = out.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages_text(data))


def pdf_fonts(data: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font used on any page."""
    import io

    fonts = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont"))
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts") or []:
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            embedded = any(
                d is not None and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            fonts[name] = embedded
    return sorted(fonts.items())


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(f"{record.name}: {record.getMessage()}")


@pytest.fixture(autouse=True)
def xhtml2pdf_warnings_fail():
    """Any warning from xhtml2pdf (a vanished glyph, a refused font) fails the test."""
    capture = _Capture()
    logger = logging.getLogger("xhtml2pdf")
    logger.addHandler(capture)
    yield capture
    logger.removeHandler(capture)
    assert capture.messages == [], capture.messages


@pytest.fixture(autouse=True)
def english(settings, client):
    """Assertions read English messages: every catalog is complete, and Japanese is the site default.

    The request language comes from the cookie (the admin follows it); LANGUAGE_CODE stays
    Japanese because it also names the course's source language.
    """
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
