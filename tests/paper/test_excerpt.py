import io

import pytest
from pypdf import PdfReader

from lms.paper import excerpts
from lms.paper.documents import employee_excerpt_pdf, excerpt_pdf
from lms.paper.excerpts import excerpt_content
from lms.paper.tokens import slip_token_read
from tests.pdf.helpers import pdf_fonts, pdf_pages_text, pdf_text

from .course import campaign_build, course_build, paper_assignment

LANGUAGES = ["ja", "en", "pt-br", "vi", "zh-hans", "fil", "id"]


@pytest.fixture
def course(db):
    return course_build(translate_to=("en",))


def test_content_comes_from_the_live_pages(course):
    content = excerpt_content(course=course, language="ja")
    assert [r.number for r in content.rules] == list(range(1, 10))
    assert content.rules[3].key_points == ["ルール4の要点その一。", "ルール4の要点その二。"]
    assert content.classification_rows[1]["mark"] == "社外秘"
    assert content.leak_steps == ["すぐに上長へ報告する。", "証拠を保全する。"]
    # Editing and publishing the page changes the next excerpt: nothing is copied.
    lesson = course.get_children().specific().get(slug="rule-4")
    lesson.summary = "改訂された要約。"
    lesson.save_revision().publish()
    assert excerpt_content(course=course, language="ja").rules[3].summary == "改訂された要約。"


def test_another_course_gets_the_generic_excerpt_or_its_own_provider(db, monkeypatch):
    """A second course needs nothing in the core: without a provider it prints rules, key points and
    the classification table; rule 9's leak steps belong to the nine-rules course only."""
    other = course_build(translate_to=(), course_code="another-course")
    generic = excerpt_content(course=other, language="ja")
    assert [r.number for r in generic.rules] == list(range(1, 10))
    assert generic.classification_rows and generic.leak_steps == [] and generic.leak_heading == ""

    def provider(*, course, language):
        content = excerpts.excerpt_content_generic(course=course, language=language)
        content.leak_steps = ["この講座独自の手順。"]
        return content

    monkeypatch.setitem(excerpts._providers, "another-course", provider)
    assert excerpt_content(course=other, language="ja").leak_steps == ["この講座独自の手順。"]


def test_translated_pages_are_used_and_japanese_is_the_fallback(course):
    english = excerpt_content(course=course, language="en")
    assert english.rules[0].key_points[0] == "Rule 1 key point one."
    assert not english.is_fallback
    vietnamese = excerpt_content(course=course, language="vi")
    assert vietnamese.rules[0].key_points[0] == "ルール1の要点その一。"
    assert vietnamese.is_fallback


@pytest.mark.parametrize("language", LANGUAGES)
def test_excerpt_pdf_in_every_language_is_two_to_four_pages(course, language):
    data = excerpt_pdf(course=course, language=language)
    pages = pdf_pages_text(data)
    assert 1 <= len(pages) <= 4  # the tiny test course is short; see the realistic test below
    text = pdf_text(data).replace("\n", "")
    expected_point = "Rule 9 key point two." if language == "en" else "ルール9の要点その二。"
    assert expected_point in text
    assert ("Preserve the evidence." if language == "en" else "証拠を保全する。") in text
    assert "社外極秘" in text and "公開情報" in text
    for page in pages:
        assert "社外秘" in page and "2026.1" in page
    assert all(embedded for _, embedded in pdf_fonts(data))


def test_realistic_excerpt_is_between_two_and_four_pages(db):
    course = course_build(translate_to=())
    long_point = "社外秘の資料は、許可された場所以外で開かず、印刷物は使用後すぐに回収し施錠保管すること。"
    for lesson in course.get_children().specific():
        lesson.body = [
            {"type": "key_points", "value": {"heading": "ポイント", "items": [long_point] * 4}},
            *[b for b in lesson.body.raw_data if b["type"] != "key_points"],
        ]
        lesson.save_revision().publish()
    pages = pdf_pages_text(excerpt_pdf(course=course, language="ja"))
    assert 2 <= len(pages) <= 4


def test_personal_excerpt_ends_with_the_slip(course, units):
    campaign = campaign_build(course=course)
    assignment = paper_assignment(
        campaign=campaign, unit=units["plant_a"], language="en", full_name="Maria Santos", number="P-0042"
    )
    data = employee_excerpt_pdf(assignment=assignment, course=course)
    pages = pdf_pages_text(data)
    slip = pages[-1]
    for expected in ("Maria Santos", "P-0042", "Plant A", "English", "2026.1", "受領確認書"):
        assert expected in slip
    # The token printed under the QR code opens to the assignment and campaign only.
    token = next(line for line in slip.splitlines() if ":" in line and line.count(":") >= 2 and " " not in line)
    assert slip_token_read(token) == (assignment.pk, campaign.pk)
    assert "Maria" not in token and "P-0042" not in token
    reader = PdfReader(io.BytesIO(data))
    images = list(reader.pages[-1].images)
    assert len(images) == 1  # the QR code
    fonts = pdf_fonts(data)
    assert all(embedded for _, embedded in fonts), fonts
