import subprocess
import sys
import time

import pytest
from django.conf import settings
from pypdf import PdfReader

from lms.pdf import fonts as pdf_fonts_module
from lms.pdf.fonts import FontsMissing
from lms.pdf.rendering import RenderReport, render_pdf
from tests.pdf.helpers import pdf_fonts, pdf_pages_text, pdf_text

SAMPLES = {
    "ja": "技術情報を社外に持ち出してはならない。",
    "en": "Never take technical information outside the company.",
    "pt-br": "Não leve informações técnicas para fora da empresa; atenção à proteção.",
    "vi": "Không được mang thông tin kỹ thuật ra ngoài công ty.",
    "zh-hans": "不得将技术信息带出公司。",
    "fil": "Huwag ilabas ang teknikal na impormasyon sa labas ng kumpanya.",
    "id": "Jangan membawa informasi teknis ke luar perusahaan.",
}


def _document(language: str, paragraphs: list[str]) -> bytes:
    return render_pdf(
        "pdf/internal_document.html",
        {
            "document_title": "技術情報保護",
            "classification_mark": "社外秘",
            "document_revision": "2026.1",
            "sections": [{"heading": "1", "paragraphs": paragraphs}],
        },
        language=language,
    )


@pytest.mark.parametrize("language", list(SAMPLES))
def test_text_in_every_language_is_extracted_with_embedded_fonts_only(language):
    report = RenderReport()
    data = render_pdf(
        "pdf/internal_document.html",
        {
            "document_title": "技術情報保護",
            "classification_mark": "社外秘",
            "document_revision": "2026.1",
            "sections": [{"heading": "1", "paragraphs": [SAMPLES[language]]}],
        },
        language=language,
        report=report,
    )
    assert report.warnings == []
    text = pdf_text(data)
    assert SAMPLES[language] in text.replace("\n", "")
    assert "社外秘" in text
    assert "2026.1" in text
    fonts = pdf_fonts(data)
    assert fonts, "no fonts found"
    assert all(embedded for _, embedded in fonts), fonts
    # Subset fonts carry a six-letter tag before the name.
    assert all("+" in name for name, _ in fonts), fonts


def test_chinese_documents_use_the_sc_font_and_japanese_marks_the_jp_font():
    fonts = dict(pdf_fonts(_document("zh-hans", [SAMPLES["zh-hans"]])))
    assert any("NotoSansSC" in name for name in fonts)
    # The mark in the header is Japanese and keeps Japanese glyph shapes.
    assert any("NotoSansJP" in name for name in fonts)


def test_japanese_documents_use_only_the_jp_font():
    fonts = dict(pdf_fonts(_document("ja", [SAMPLES["ja"]])))
    assert fonts and all("NotoSansJP" in name for name in fonts), fonts


def test_vietnamese_line_with_a_japanese_mark_keeps_both():
    line = "Tài liệu có dấu 社外秘 không được sao chép: Đúng, ở đây, tiếng Việt."
    text = pdf_text(_document("vi", [line])).replace("\n", "")
    assert line in text


def test_ten_page_japanese_document_has_mark_and_page_numbers_on_every_page():
    paragraph = (
        "機密情報を含む図面や仕様書は、許可された者だけが閲覧できる場所に保管し、"
        "持ち出す場合は必ず上長の承認を得ること。USBメモリ等の可搬記憶媒体は登録されたものに限る。"
    ) * 4
    data = _document("ja", [paragraph] * 75)
    pages = pdf_pages_text(data)
    assert len(pages) >= 10
    total = len(PdfReader(__import__("io").BytesIO(data)).pages)
    assert total == len(pages)
    for number, page in enumerate(pages, start=1):
        assert "社外秘" in page
        assert "2026.1" in page
        assert f"{number}" in page and f"{total}" in page


def test_missing_fonts_raise_a_clear_error(settings, tmp_path, monkeypatch):
    settings.MAMORI_PDF_FONT_DIR = tmp_path
    with pytest.raises(FontsMissing, match="prepare_pdf_fonts"):
        _document("ja", ["x"])


def test_font_paths_default_to_var_fonts():
    assert pdf_fonts_module.font_dir() == settings.VAR_DIR / "fonts"


def test_first_pdf_in_a_new_process_takes_under_two_seconds():
    script = (
        "import time, django; django.setup();"
        "from lms.pdf.rendering import render_pdf;"
        "t = time.monotonic();"
        "render_pdf('pdf/internal_document.html', {'document_title': '技術', 'classification_mark': '社外秘',"
        " 'sections': [{'heading': 'a', 'paragraphs': ['技術情報を守る。'] * 40}]}, language='ja');"
        "print(time.monotonic() - t)"
    )
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        capture_output=True,
        cwd=settings.BASE_DIR,
        env={
            "DJANGO_SETTINGS_MODULE": "mamori.settings.test",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(settings.BASE_DIR),
        },
    )
    first_render = float(out.stdout.decode().strip().splitlines()[-1])
    assert first_render < 2.0, first_render
    assert time.monotonic() - started < 30
