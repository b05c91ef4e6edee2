"""load_nine_rules, translations half; export_nine_rules_po; out-of-date translations in the admin."""

import shutil
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision

from courses.nine_rules.translation import translations_out_of_date
from lms.learning.models import CoursePage, FinalTestPage, LessonPage
from lms.learning.selectors import course_for_language, course_source_page, lessons_of
from tests.factories import UserFactory

FIXTURE = Path(__file__).parent / "content_fixture"
OTHER_LANGUAGES = ["en", "pt-br", "vi", "zh-hans", "fil", "id"]


@pytest.fixture
def tree(tmp_path) -> tuple[Path, Path]:
    """Writable copies of the fixture's Japanese tree and its translations (pt-br, vi)."""
    shutil.copytree(FIXTURE / "ja", tmp_path / "ja")
    shutil.copytree(FIXTURE / "translations", tmp_path / "translations")
    return tmp_path / "ja", tmp_path / "translations"


@pytest.fixture
def load(tree):
    source, translations = tree

    def run(*args: str) -> str:
        out = StringIO()
        call_command("load_nine_rules", "--source", str(source), "--translations", str(translations), *args, stdout=out)
        return out.getvalue()

    return run


def export(language: str, translations: Path) -> str:
    out = StringIO()
    call_command("export_nine_rules_po", "--language", language, "--translations", str(translations), stdout=out)
    return out.getvalue()


def fill(path: Path, language: str) -> None:
    po = polib.pofile(str(path))
    for entry in po:
        if not entry.msgstr or "fuzzy" in entry.flags:  # what a translator does: translate, then unmark
            entry.msgstr = f"[{language}] {entry.msgid}"
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(str(path))


def lesson(language: str, slug: str) -> LessonPage:
    return LessonPage.objects.get(locale__language_code=language, slug=slug)


def revisions_of(page) -> int:
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def test_translations_from_the_po_files_are_published(db, load):
    output = load()

    assert "pt-br: pages 5 created, 0 updated, 0 unchanged, 0 skipped; 82 translated segments" in output
    assert "vi: pages 5 created" in output
    for language in ("pt-br", "vi"):
        page = lesson(language, "introduction")
        assert page.live
        assert f"[{language}] 技術情報は会社の財産です。" in str(page.body)
        assert page.questions[0].value["options"][0]["feedback"] == f"[{language}] その通りです。"
        assert page.title == f"[{language}] はじめに"
    # Structure and answers are synchronised from the Japanese source, block ids included.
    ja, vi = lesson("ja", "rule-1-marking"), lesson("vi", "rule-1-marking")
    assert [b.id for b in vi.questions] == [b.id for b in ja.questions]
    assert [o["correct"] for o in vi.questions[1].value["options"]] == [True, True, False]
    assert vi.rule_number == 1
    course = course_source_page()
    translated = course_for_language(course=course, language="pt-br")
    assert translated.locale.language_code == "pt-br" and translated.revision_label == "2026.1"
    assert [p.slug for p in lessons_of(translated)] == ["introduction", "rule-1-marking", "summary"]
    assert not CoursePage.objects.filter(locale__language_code="en").exists()  # no en.po


def test_a_second_load_leaves_the_translations_alone(db, load):
    load()
    pages = list(LessonPage.objects.filter(locale__language_code="pt-br")) + list(FinalTestPage.objects.all())
    before = {p.pk: revisions_of(p) for p in pages}

    output = load()

    assert "pt-br: pages 0 created, 0 updated, 5 unchanged, 0 skipped; 82 translated segments" in output
    assert {p.pk: revisions_of(p) for p in pages} == before


def test_a_page_with_missing_segments_is_skipped_and_named(db, load, tree):
    _source, translations = tree
    po = polib.pofile(str(translations / "vi.po"))
    removed = next(
        e for e in po if e.msgctxt.startswith("rule-1-marking/questions.") and e.msgctxt.endswith(".feedback")
    )
    po.remove(removed)
    po.save(str(translations / "vi.po"))

    output = load()

    assert "vi: pages 4 created, 0 updated, 0 unchanged, 1 skipped" in output
    assert "skipped rule-1-marking: 1 segments have no translation in vi.po" in output
    assert f"missing {removed.msgctxt}: {removed.msgid}" in output
    assert not LessonPage.objects.filter(locale__language_code="vi", slug="rule-1-marking").exists()
    assert lesson("pt-br", "rule-1-marking").live
    with pytest.raises(CommandError, match="Some pages were not translated"):
        load("--strict")


def test_export_round_trip_keeps_translations_and_marks_changed_text_fuzzy(db, load, tree):
    source, translations = tree
    load()
    original = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(translations / "pt-br.po"))}

    assert "82 entries, 82 translated, 0 fuzzy, 0 new" in export("pt-br", translations)
    assert {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(translations / "pt-br.po"))} == original

    lesson_file = source / "lessons" / "01-rule-1-marking.toml"
    lesson_file.write_text(
        lesson_file.read_text(encoding="utf-8").replace("図面を印刷した。", "図面を複合機で印刷した。"),
        encoding="utf-8",
    )
    output = load()
    assert "pt-br: pages 0 created, 0 updated, 4 unchanged, 1 skipped" in output
    assert "図面を印刷した。" in str(lesson("pt-br", "rule-1-marking").questions[0].value["scenario"])

    assert "82 entries, 81 translated, 1 fuzzy, 0 new" in export("pt-br", translations)
    fuzzy = [e for e in polib.pofile(str(translations / "pt-br.po")) if "fuzzy" in e.flags]
    assert [(e.msgid, e.previous_msgid, e.msgstr) for e in fuzzy] == [
        ("図面を複合機で印刷した。", "図面を印刷した。", "[pt-br] 図面を印刷した。")
    ]

    fuzzy_entry = fuzzy[0]
    po = polib.pofile(str(translations / "pt-br.po"))
    for entry in po:
        if entry.msgctxt == fuzzy_entry.msgctxt:
            entry.msgstr = "[pt-br] 図面を複合機で印刷した。"
            entry.flags.remove("fuzzy")
    po.save(str(translations / "pt-br.po"))
    assert "pt-br: pages 0 created, 1 updated, 4 unchanged, 0 skipped" in load()
    assert lesson("pt-br", "rule-1-marking").questions[0].value["scenario"] == "[pt-br] 図面を複合機で印刷した。"


def test_changing_a_japanese_lesson_in_the_admin_marks_its_six_translations_out_of_date(
    db, load, tree, client, english_admin
):
    _source, translations = tree
    load()  # the Japanese pages, so that there is something to export
    for language in OTHER_LANGUAGES:
        export(language, translations)
        fill(translations / f"{language}.po", language)
    load()
    page = lesson("ja", "rule-1-marking")
    assert translations_out_of_date(page) == []

    # What the editor does: a new revision of the Japanese lesson, published.
    page.summary = "秘密の資料には必ず表示をする"
    page.save_revision().publish()

    out_of_date = translations_out_of_date(lesson("ja", "rule-1-marking"))
    assert [locale.language_code for locale in out_of_date] == OTHER_LANGUAGES
    assert translations_out_of_date(lesson("ja", "summary")) == []

    admin = UserFactory(username="cms-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    dashboard = client.get("/admin/").content.decode()
    panel = dashboard[dashboard.index('id="nine-rules-translation-status"') :]
    assert "ルール1　表示する" in panel
    assert "English" in panel and "Tiếng Việt" in panel and "Filipino" in panel
    editor = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "The translations of this page are out of date" in editor

    # The translators' round: refreshed PO files, a load, and everything is up to date again.
    for language in OTHER_LANGUAGES:
        export(language, translations)
        fill(translations / f"{language}.po", language)
    output = load()
    assert output.count("pages 0 created, 1 updated, 4 unchanged, 0 skipped") == 6
    assert translations_out_of_date(lesson("ja", "rule-1-marking")) == []
    assert lesson("fil", "rule-1-marking").summary == "[fil] 秘密の資料には必ず表示をする"
    assert "Every translation of the course is up to date." in client.get("/admin/").content.decode()
