"""Classroom slides from the live course pages: the deck, the PowerPoint file, the HTML presentation
(served and standalone), the course_slides command and the admin screens. All on the real course."""

import io
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from lms.learning.models import CoursePage, LessonPage
from lms.learning.selectors import course_source_page, lessons_of
from sessions.slides.deck import SlideKind, deck_build
from sessions.slides.html import presentation_html
from sessions.slides.pptx import presentation_pptx

pytestmark = pytest.mark.django_db

DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def source_course() -> CoursePage:
    return course_source_page("nine-rules")


def lessons_in(language: str) -> list[tuple[LessonPage, LessonPage]]:
    """(lesson in ``language``, Japanese lesson) of the real course, in reading order."""
    pairs = []
    for source in lessons_of(source_course()):
        shown = LessonPage.objects.live().get(translation_key=source.translation_key, locale__language_code=language)
        pairs.append((shown, source))
    return pairs


def rule_lessons(language: str) -> list[tuple[LessonPage, LessonPage]]:
    return [(shown, source) for shown, source in lessons_in(language) if source.kind == LessonPage.Kind.RULE]


def first_line(text: str) -> str:
    return text.strip().splitlines()[0]


# --- Reading the PowerPoint file ------------------------------------------------------------------


def pptx_slides(data: bytes) -> list[dict]:
    """Each slide's title, speaker notes, all its text and its shapes, as python-pptx reads them."""
    presentation = Presentation(io.BytesIO(data))
    slides = []
    for slide in presentation.slides:
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        slides.append(
            {
                "title": slide.shapes.title.text_frame.text.replace("\x0b", "\n") if slide.shapes.title else "",
                "notes": slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "",
                "text": "\n".join(texts).replace("\x0b", "\n"),
                "shapes": list(slide.shapes),
            }
        )
    return slides


def pptx_runs(data: bytes) -> list[tuple[str, str, str]]:
    """(text, lang, East Asian typeface) of every run on every slide."""
    runs = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                continue
            root = etree.fromstring(archive.read(name))
            for run in root.iter(f"{DRAWING}r"):
                properties = run.find(f"{DRAWING}rPr")
                east_asian = properties.find(f"{DRAWING}ea") if properties is not None else None
                runs.append(
                    (
                        run.findtext(f"{DRAWING}t"),
                        properties.get("lang") if properties is not None else None,
                        east_asian.get("typeface") if east_asian is not None else None,
                    )
                )
    return runs


# --- References in the HTML ------------------------------------------------------------------------


class References(HTMLParser):
    """Every URL the page would load: src/href attributes, and url()/@import in its CSS."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "data", "poster", "srcset", "action", "formaction") and value:
                self.urls.append(value)
            if name == "style" and value:
                self.urls += css_urls(value)
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.urls += css_urls(data)


def css_urls(css: str) -> list[str]:
    found = [match[1] for match in re.findall(r"url\(\s*(['\"]?)(.*?)\1\s*\)", css, flags=re.S)]
    found += re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", css)
    return found


def page_urls(html: str) -> list[str]:
    parser = References()
    parser.feed(html)
    return parser.urls


def is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


# --- The deck and the PowerPoint file ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "vi"])
def test_the_powerpoint_has_one_slide_per_rule_with_the_trainer_notes(real_course, language):
    deck = deck_build(course=source_course(), language=language)
    slides = pptx_slides(presentation_pptx(deck))
    assert len(slides) == len(deck.slides)

    rules = rule_lessons(language)
    assert len(rules) == 9
    for lesson, source in rules:
        titled = [slide for slide in slides if lesson.title in slide["title"]]
        assert len(titled) == 1, lesson.title
        slide = titled[0]
        notes = lesson.trainer_notes or source.trainer_notes
        assert notes, f"{source.slug} has no trainer notes"
        assert first_line(notes) in slide["notes"]
        # The key points are native text on the slide; no picture anywhere.
        for block in lesson.body:
            if block.block_type == "key_points":
                assert all(str(item) in slide["text"] for item in block.value["items"])
        assert not [shape for shape in slide["shapes"] if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    # A question per rule for discussion: the answer and its explanation only in the notes.
    questions = [
        (slide, data) for slide, data in zip(deck.slides, slides, strict=True) if slide.kind == SlideKind.QUESTION
    ]
    assert sorted(slide.rule_number for slide, _data in questions) == list(range(1, 10))
    for slide, data in questions:
        explanation = slide.notes[-1].text
        assert explanation in data["notes"] and explanation not in data["text"]
        assert all(option.text in data["text"] for option in slide.sections[0].items)


def test_the_deck_follows_the_course(real_course):
    deck = deck_build(course=source_course(), language="ja")
    kinds = [slide.kind for slide in deck.slides]
    assert kinds[0] == SlideKind.TITLE and deck.slides[0].title.text == source_course().title
    assert kinds.count(SlideKind.TABLE) == 1
    assert kinds.count(SlideKind.QUESTION) == 9
    assert kinds.count(SlideKind.PROCEDURE) == 1
    examples = sum(1 for _lesson, source in lessons_in("ja") for block in source.body if block.block_type == "example")
    assert kinds.count(SlideKind.EXAMPLE) == examples

    table = next(slide for slide in deck.slides if slide.kind == SlideKind.TABLE)
    assert [row[0].text for row in table.table.rows] == ["社外極秘", "社外秘", "関係者外秘", "公開情報"]
    procedure = next(slide for slide in deck.slides if slide.kind == SlideKind.PROCEDURE)
    assert procedure.rule_number == 9
    assert "気づいたら、その場で上司と事務局へ連絡する" in [item.text for item in procedure.sections[0].items]

    question = next(slide for slide in deck.slides if slide.kind == SlideKind.QUESTION and slide.rule_number == 9)
    assert len(question.sections[0].items) == 4
    assert "B. すぐに事務局へ報告し" in question.notes[0].text


def test_a_changed_lesson_gives_changed_slides(real_course):
    source = next(source for _lesson, source in rule_lessons("ja") if source.rule_number == 4)
    before = deck_build(course=source_course(), language="ja")
    assert "USBメモリは、会社で数を管理しているものだけを使います。" not in str(before)

    revision_source = LessonPage.objects.get(pk=source.pk)
    for block in revision_source.body:
        if block.block_type == "key_points":
            block.value["items"].append("USBメモリは、会社で数を管理しているものだけを使います。")
    revision_source.trainer_notes = "USBメモリの管理台帳を見せてください。"
    revision_source.save_revision().publish()

    after = deck_build(course=source_course(), language="ja")
    lesson_slides = [slide for slide in after.slides if slide.kind == SlideKind.LESSON and slide.rule_number == 4]
    points = [item.text for slide in lesson_slides for section in slide.sections for item in section.items]
    assert "USBメモリは、会社で数を管理しているものだけを使います。" in points
    assert [note.text for note in lesson_slides[0].notes] == ["USBメモリの管理台帳を見せてください。"]
    slide = next(s for s in pptx_slides(presentation_pptx(after)) if source.title in s["title"])
    assert slide["notes"] == "USBメモリの管理台帳を見せてください。"


def test_a_draft_is_not_shown(real_course):
    source = next(source for _lesson, source in rule_lessons("ja") if source.rule_number == 5)
    draft = LessonPage.objects.get(pk=source.pk)
    draft.title = "ルール5　下書きのタイトル"
    draft.save_revision()  # saved, not published

    deck = deck_build(course=source_course(), language="ja")
    assert "下書きのタイトル" not in " ".join(slide.title.text for slide in deck.slides)


def test_a_bilingual_deck_shows_the_japanese_beside_each_text(real_course):
    deck = deck_build(course=source_course(), language="vi", with_japanese=True)
    lesson, source = next((shown, source) for shown, source in rule_lessons("vi") if source.rule_number == 1)

    first = next(slide for slide in deck.slides if slide.kind == SlideKind.LESSON and slide.rule_number == 1)
    assert (first.title.text, first.title.japanese) == (lesson.title, source.title)
    shown_points = [
        str(item) for block in lesson.body if block.block_type == "key_points" for item in block.value["items"]
    ]
    source_points = [
        str(item) for block in source.body if block.block_type == "key_points" for item in block.value["items"]
    ]
    slide_points = [
        (item.text, item.japanese)
        for slide in deck.slides
        if slide.kind == SlideKind.LESSON and slide.rule_number == 1
        for section in slide.sections
        for item in section.items
    ]
    assert slide_points == list(zip(shown_points, source_points, strict=True))
    assert first.label.text != first.label.japanese and first.label.japanese
    # Both notes: the Vietnamese for an interpreter, the Japanese for the trainer.
    assert {note.language for note in first.notes} == {"vi", "ja"}

    slides = pptx_slides(presentation_pptx(deck))
    slide = next(slide for slide in slides if lesson.title in slide["title"])
    assert source.title in slide["title"]
    assert shown_points[0] in slide["text"] and source_points[0] in slide["text"]

    html = presentation_html(deck)
    assert '<html lang="vi">' in html
    assert f'<span class="t-ja" lang="ja">{source.title}</span>' in html
    assert f'<span class="t" lang="vi">{lesson.title}</span>' in html

    # Without --with-japanese, the Vietnamese deck has no Japanese titles.
    plain = pptx_slides(presentation_pptx(deck_build(course=source_course(), language="vi")))
    assert not [slide for slide in plain if source.title in slide["title"]]


def test_every_run_names_its_language_and_east_asian_typeface(real_course):
    runs = pptx_runs(presentation_pptx(deck_build(course=source_course(), language="zh-hans", with_japanese=True)))
    assert runs and all(lang and typeface for _text, lang, typeface in runs)
    typefaces = {
        lang: {typeface for _text, run_lang, typeface in runs if run_lang == lang} for lang in ("zh-CN", "ja-JP")
    }
    assert typefaces == {"zh-CN": {"Microsoft YaHei"}, "ja-JP": {"Yu Gothic"}}
    lesson, source = next((shown, source) for shown, source in rule_lessons("zh-hans") if source.rule_number == 2)
    assert (lesson.title, "zh-CN") in {(text, lang) for text, lang, _typeface in runs}
    assert (source.title, "ja-JP") in {(text, lang) for text, lang, _typeface in runs}

    japanese = pptx_runs(presentation_pptx(deck_build(course=source_course(), language="ja")))
    assert {(lang, typeface) for _text, lang, typeface in japanese} == {("ja-JP", "Yu Gothic")}


# --- The HTML presentation ------------------------------------------------------------------------------


def test_the_standalone_html_is_self_contained(real_course):
    html = presentation_html(deck_build(course=source_course(), language="vi", with_japanese=True), standalone=True)

    urls = page_urls(html)
    assert urls, "the inlined stylesheets embed their fonts and images as data: URLs"
    assert all(urlsplit(url).scheme == "data" for url in urls), [url for url in urls if not url.startswith("data:")]
    assert "<link" not in html and "<script src" not in html
    assert "Reveal.initialize" in html and "RevealNotes" in html
    assert html.count('<aside class="notes">') >= 9 + 9  # every rule's key points and question


def test_the_served_presentation_loads_only_from_this_server(client, real_course, trainer):
    client.force_login(trainer)
    query = {"course": source_course().pk, "language": "ja"}
    response = client.get(reverse("sessions_admin:slides_html"), query)

    assert response.status_code == 200
    html = response.content.decode()
    urls = page_urls(html)
    assert {url for url in urls if url.endswith(".css")} == {
        "/static/reveal.js/reveal.css",
        "/static/reveal.js/theme/white.css",
        "/static/sessions/slides/deck.css",
    }
    assert {url for url in urls if url.endswith(".js")} == {
        "/static/reveal.js/reveal.js",
        "/static/reveal.js/plugin/notes.js",
        "/static/sessions/slides/start.js",
    }
    assert all(url.startswith("/static/") for url in urls), urls
    for url in urls:
        # Served by Mamori itself, and the stylesheets reference nothing outside either.
        path = url.removeprefix("/static/")
        assert finders.find(path), url
        if url.endswith(".css"):
            with open(finders.find(path), encoding="utf-8") as stylesheet:
                assert not [ref for ref in css_urls(stylesheet.read()) if is_external(ref)], url
        assert client.get(url).status_code == 200
    # The speaker view shows this page in frames of its own origin, and only there.
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


# --- The command ------------------------------------------------------------------------------------------


def test_the_command_writes_both_formats(real_course, tmp_path):
    html_file, pptx_file = tmp_path / "rules-vi.html", tmp_path / "rules-vi.pptx"
    call_command("course_slides", "--language", "vi", "--with-japanese", "--format", "html", "--output", html_file)
    call_command("course_slides", "--language", "vi", "--format", "pptx", "--output", str(pptx_file))

    html = html_file.read_text(encoding="utf-8")
    assert '<html lang="vi">' in html and 'lang="ja"' in html
    assert all(urlsplit(url).scheme == "data" for url in page_urls(html))
    slides = pptx_slides(pptx_file.read_bytes())
    assert all(any(lesson.title in slide["title"] for slide in slides) for lesson, _source in rule_lessons("vi"))


def test_the_command_refuses_bad_input(real_course, tmp_path):
    output = tmp_path / "slides.pptx"
    with pytest.raises(CommandError, match="invalid choice: 'xx'"):
        call_command("course_slides", "--language", "xx", "--format", "pptx", "--output", output)
    with pytest.raises(CommandError, match="invalid choice: 'pdf'"):
        call_command("course_slides", "--language", "vi", "--format", "pdf", "--output", output)
    with pytest.raises(CommandError, match="No live course 'no-such-course'"):
        call_command(
            "course_slides", "--language", "vi", "--format", "pptx", "--output", output, "--course", "no-such-course"
        )
    CoursePage.objects.get(translation_key=source_course().translation_key, locale__language_code="fil").unpublish()
    with pytest.raises(CommandError, match="no published translation in Filipino"):
        call_command("course_slides", "--language", "fil", "--format", "pptx", "--output", output)
    assert not output.exists()


# --- The admin screens -------------------------------------------------------------------------------------


def test_the_screens_refuse_a_manager_and_send_an_anonymous_visitor_to_log_in(client, real_course, manager_a):
    query = {"course": source_course().pk, "language": "ja"}
    for name in ("slides", "slides_html", "slides_pptx"):
        url = reverse(f"sessions_admin:{name}")
        response = client.get(url, query)
        assert response.status_code == 302 and "login" in response["Location"], name
    client.force_login(manager_a)
    for name in ("slides", "slides_html", "slides_pptx"):
        assert client.get(reverse(f"sessions_admin:{name}"), query).status_code == 403, name


def test_a_trainer_presents_and_downloads(client, real_course, trainer):
    client.force_login(trainer)
    form = client.get(reverse("sessions_admin:slides"))
    assert form.status_code == 200
    page = form.content.decode()
    assert reverse("sessions_admin:slides_html") in page and reverse("sessions_admin:slides_pptx") in page
    assert "Present (HTML)" in page and "Download PowerPoint" in page

    query = {"course": source_course().pk, "language": "zh-hans", "with_japanese": "on"}
    pptx = client.get(reverse("sessions_admin:slides_pptx"), query)
    assert pptx.status_code == 200
    assert pptx["Content-Disposition"] == 'attachment; filename="nine-rules-zh-hans-ja.pptx"'
    assert len(pptx_slides(pptx.content)) == len(
        deck_build(course=source_course(), language="zh-hans", with_japanese=True).slides
    )

    offline = client.get(reverse("sessions_admin:slides_html"), {**query, "download": "1"})
    assert offline["Content-Disposition"] == 'attachment; filename="nine-rules-zh-hans-ja.html"'
    assert all(urlsplit(url).scheme == "data" for url in page_urls(offline.content.decode()))


def test_an_untranslated_course_is_refused_with_a_reason(client, real_course, trainer):
    CoursePage.objects.get(translation_key=source_course().translation_key, locale__language_code="id").unpublish()
    client.force_login(trainer)
    for name in ("slides_html", "slides_pptx"):
        response = client.get(reverse(f"sessions_admin:{name}"), {"course": source_course().pk, "language": "id"})
        assert response.status_code == 400
        assert "has no published translation in Indonesia" in response.content.decode()


# --- In the browser ---------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_standalone_file_presents_offline_with_the_speaker_view(browser, real_course, tmp_path):
    deck = deck_build(course=source_course(), language="ja")
    path = tmp_path / "slides.html"
    path.write_text(presentation_html(deck, standalone=True), encoding="utf-8")
    lesson, _source = next((shown, source) for shown, source in rule_lessons("ja") if source.rule_number == 1)
    position = next(i for i, slide in enumerate(deck.slides) if slide.title.text == lesson.title)

    context = browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
    try:
        requests = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        assert page.evaluate("Reveal.getTotalSlides()") == len(deck.slides)
        page.evaluate(f"Reveal.slide({position})")
        assert lesson.title in page.locator("section.present h2").inner_text()

        with page.expect_popup() as opened:
            page.keyboard.press("s")
        speaker = opened.value
        notes = speaker.locator(".speaker-controls-notes .value")
        notes.wait_for()
        speaker.wait_for_function("document.querySelector('.speaker-controls-notes .value').innerText.length > 0")
        assert first_line(lesson.trainer_notes) in notes.inner_text()
    finally:
        context.close()
    assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests


@pytest.mark.browser
def test_the_served_presentation_opens_the_speaker_view(browser, client, real_course, trainer):
    """The page and its static files as Mamori answers them, headers included: the speaker view's
    frames of the page are allowed only because the page permits framing by its own origin."""
    client.force_login(trainer)
    origin = "http://mamori.test"
    page_path = reverse("sessions_admin:slides_html")
    query = f"course={source_course().pk}&language=vi&with_japanese=on"
    presentation = client.get(f"{page_path}?{query}")
    # Answered before the browser starts: Playwright's route handlers run where the test's
    # database transaction (and so the trainer's session) is not visible.
    answers = {}
    for path, response in [(page_path, presentation)] + [
        (url, client.get(url)) for url in page_urls(presentation.content.decode())
    ]:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answers[path] = (response.status_code, dict(response.items()), body)
    served = []

    def answer(route):
        path = urlsplit(route.request.url).path
        status, headers, body = answers.get(path, (404, {}, b""))
        served.append((path, status))
        route.fulfill(status=status, headers=headers, body=body)

    deck = deck_build(course=source_course(), language="vi", with_japanese=True)
    lesson, source = next((shown, source) for shown, source in rule_lessons("vi") if source.rule_number == 2)
    position = next(i for i, slide in enumerate(deck.slides) if slide.title.text == lesson.title)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        context.route(lambda url: not url.startswith(origin), lambda route: route.abort())
        context.route(f"{origin}/**", answer)
        page = context.new_page()
        page.goto(f"{origin}{page_path}?{query}")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        page.evaluate(f"Reveal.slide({position})")
        assert page.locator("section.present h2 [lang=ja]").inner_text() == source.title

        with page.expect_popup() as opened:
            page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_function("document.querySelector('.speaker-controls-notes .value')?.innerText.length > 0")
        assert first_line(lesson.trainer_notes) in speaker.locator(".speaker-controls-notes .value").inner_text()
        current = speaker.frame_locator("#current-slide iframe")
        assert lesson.title in current.locator("section.present h2").inner_text()
    finally:
        context.close()
    assert {status for _path, status in served} == {200}, served
    assert {path for path, _status in served if path.startswith("/static/")} == {
        "/static/reveal.js/reveal.css",
        "/static/reveal.js/theme/white.css",
        "/static/sessions/slides/deck.css",
        "/static/reveal.js/reveal.js",
        "/static/reveal.js/plugin/notes.js",
        "/static/sessions/slides/start.js",
    }
