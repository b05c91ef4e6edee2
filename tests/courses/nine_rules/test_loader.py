"""load_nine_rules, Japanese half: pages from the TOML source, idempotent, stable block ids."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import PageLogEntry, Revision

from courses.nine_rules.content import DEFAULT_SOURCE_DIR, SourceError, block_id, course_source_read
from lms.learning.models import CoursePage, FinalTestPage, LessonPage
from lms.learning.selectors import course_for_language, course_source_page, lessons_of

FIXTURE = Path(__file__).parent / "content_fixture"
LESSON_SLUGS = ["introduction", "rule-1-marking", "summary"]


@pytest.fixture
def source(tmp_path) -> Path:
    """A writable copy of the fixture's Japanese tree."""
    target = tmp_path / "ja"
    shutil.copytree(FIXTURE / "ja", target)
    return target


def load(source: Path, *args: str, translations: Path | None = None) -> str:
    out = StringIO()
    call_command(
        "load_nine_rules",
        "--source",
        str(source),
        "--translations",
        str(translations or source.parent),
        *args,
        stdout=out,
    )
    return out.getvalue()


def revision_counts() -> dict[str, int]:
    pages = [*CoursePage.objects.all(), *LessonPage.objects.all(), *FinalTestPage.objects.all()]
    return {
        f"{p.locale.language_code}:{p.slug}": Revision.page_revisions.filter(object_id=str(p.pk)).count() for p in pages
    }


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def ja_lesson(slug: str) -> LessonPage:
    return LessonPage.objects.get(locale__language_code="ja", slug=slug)


def test_loading_twice_makes_one_course_and_writes_nothing_the_second_time(db, source):
    first = load(source)
    counts = revision_counts()
    log_entries = PageLogEntry.objects.count()

    second = load(source)

    assert "5 created" in first
    assert "0 created, 0 updated, 5 unchanged" in second
    assert CoursePage.objects.count() == 1
    course = CoursePage.objects.get()
    assert course.live and course.revision_label == "2026.1" and course.final_test_size == 3
    children = [p.specific for p in course.get_children().order_by("path")]
    assert [p.slug for p in children] == [*LESSON_SLUGS, "final-test"]
    assert isinstance(children[-1], FinalTestPage)
    assert revision_counts() == counts
    assert set(counts.values()) == {1}
    assert PageLogEntry.objects.count() == log_entries


def test_a_changed_file_gives_one_new_revision_on_that_page_only(db, source):
    load(source)
    before = revision_counts()
    replace_in(
        source / "lessons" / "01-rule-1-marking.toml", "秘密の資料には表示をする", "秘密の資料には必ず表示をする"
    )

    output = load(source)

    after = revision_counts()
    assert "0 created, 1 updated, 4 unchanged" in output
    assert {k: after[k] - before[k] for k in before if after[k] != before[k]} == {"ja:rule-1-marking": 1}
    lesson = ja_lesson("rule-1-marking")
    assert lesson.summary == "秘密の資料には必ず表示をする"
    assert lesson.live and not lesson.has_unpublished_changes


def test_block_ids_are_deterministic_and_survive_text_changes(db, source):
    load(source)
    lesson = ja_lesson("rule-1-marking")
    body_ids = [block.id for block in lesson.body]
    question_ids = [block.id for block in lesson.questions]
    option_ids = [item.id for item in lesson.questions[0].value["options"].bound_blocks]

    replace_in(source / "lessons" / "01-rule-1-marking.toml", "図面を印刷した。", "図面を複合機で印刷した。")
    load(source)

    lesson = ja_lesson("rule-1-marking")
    assert lesson.questions[0].value["scenario"] == "図面を複合機で印刷した。"
    assert [block.id for block in lesson.body] == body_ids
    assert [block.id for block in lesson.questions] == question_ids
    assert [item.id for item in lesson.questions[0].value["options"].bound_blocks] == option_ids
    # An explicit `id` key names the question; other blocks are numbered by position.
    assert question_ids[0] == block_id("rule-1-marking/questions", "id:marking-scenario")
    assert question_ids[1] == block_id("rule-1-marking/questions", 2)
    assert body_ids[0] == block_id("rule-1-marking/body", 1)
    # The same source read again, without any database, gives the same ids.
    again = course_source_read(directory=source)
    assert [q["id"] for q in again.lessons[1].values["questions"]] == question_ids


def test_final_test_pool_ids_do_not_shift_when_another_rule_file_grows(db, source):
    before = course_source_read(directory=source).final_test.values["questions"]
    extra = (source / "final-test" / "rule-00.toml").read_text(encoding="utf-8")
    (source / "final-test" / "rule-00.toml").write_text(extra + "\n" + extra, encoding="utf-8")

    after = course_source_read(directory=source).final_test.values["questions"]

    rule_1_before = [q["id"] for q in before if q["value"]["rule"] == 1]
    rule_1_after = [q["id"] for q in after if q["value"]["rule"] == 1]
    assert len(after) == len(before) + 1
    assert rule_1_after == rule_1_before


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ('kind = "scenario"', 'kind = "essay"', "questions[1].kind", "'essay' is not one of"),
        (
            'text = "そのまま置く"\ncorrect = false',
            'text = "そのまま置く"\ncorrect = true',
            "questions[1]",
            "exactly one correct answer",
        ),
        ('summary = "秘密の資料には表示をする"', 'sumary = "秘密の資料には表示をする"', "sumary", "unknown key"),
        ('heading = "工場での例"\n', "", "body[3].heading", "required key is missing"),
        (
            'rule = 1\nprompt = "表示が必要な',
            'rule = 2\nprompt = "表示が必要な',
            "questions[2].rule",
            "must be 1 in this file",
        ),
    ],
)
def test_a_schema_error_names_the_file_and_the_key(db, source, old, new, key, message, english_admin):
    replace_in(source / "lessons" / "01-rule-1-marking.toml", old, new)

    with pytest.raises(CommandError) as error:
        load(source)

    text = str(error.value)
    assert f"lessons/01-rule-1-marking.toml: {key}: " in text
    assert message in text
    assert not CoursePage.objects.exists()


def test_invalid_toml_and_missing_files_are_reported(db, source):
    (source / "final-test" / "index.toml").unlink()
    (source / "lessons" / "10-summary.toml").write_text('slug = "summary\n', encoding="utf-8")

    with pytest.raises(SourceError) as error:
        course_source_read(directory=source)

    problems = [str(p) for p in error.value.problems]
    assert "final-test/index.toml: file is missing" in problems
    assert any(p.startswith("lessons/10-summary.toml: not valid TOML") for p in problems)


def test_a_cms_edit_is_kept_while_its_file_is_unchanged_and_the_file_wins_when_it_changes(db, source):
    load(source)
    lesson = ja_lesson("summary")
    lesson.title = "まとめ（管理画面で修正）"
    lesson.save_revision().publish()
    revisions = revision_counts()["ja:summary"]

    kept = load(source)

    assert "kept: lessons/10-summary.toml" in kept
    assert ja_lesson("summary").title == "まとめ（管理画面で修正）"
    assert revision_counts()["ja:summary"] == revisions

    replace_in(source / "lessons" / "10-summary.toml", 'summary = "振り返り"', 'summary = "九つのルールの振り返り"')
    skipped = load(source, "--keep-cms-edits")
    assert "--keep-cms-edits" in skipped
    assert ja_lesson("summary").summary == "振り返り"

    updated = load(source)

    lesson = ja_lesson("summary")
    assert "1 updated" in updated
    assert (lesson.title, lesson.summary) == ("まとめ", "九つのルールの振り返り")
    assert revision_counts()["ja:summary"] == revisions + 1


def test_page_order_follows_the_file_names(db, source):
    load(source)
    shutil.copy(source / "lessons" / "01-rule-1-marking.toml", source / "lessons" / "05-rule-5.toml")
    lesson_5 = source / "lessons" / "05-rule-5.toml"
    text = lesson_5.read_text(encoding="utf-8")
    text = text.replace('slug = "rule-1-marking"', 'slug = "rule-5-taking-out"').replace(
        "rule_number = 1", "rule_number = 5"
    )
    lesson_5.write_text(text.replace("rule = 1", "rule = 5"), encoding="utf-8")

    output = load(source)

    course = course_source_page()
    assert "1 created" in output
    assert [p.slug for p in lessons_of(course)] == ["introduction", "rule-1-marking", "rule-5-taking-out", "summary"]
    assert course.get_children().order_by("path").last().specific_class is FinalTestPage


def test_course_selectors(db, source):
    assert course_source_page() is None
    load(source)

    course = course_source_page()

    assert course.locale.language_code == "ja"
    assert [p.slug for p in lessons_of(course)] == LESSON_SLUGS
    assert course_for_language(course=course, language="fil") == course  # no Filipino translation loaded


# --- The real course (courses/nine_rules/content/ja) -------------------------------------------------

REAL_LESSON_FILES = sorted((DEFAULT_SOURCE_DIR / "lessons").glob("*.toml"))


@pytest.fixture(scope="module")
def real_source():
    return course_source_read(directory=DEFAULT_SOURCE_DIR)


def test_the_real_source_has_an_introduction_nine_rules_and_a_summary(real_source):
    kinds = [(lesson.values["kind"], lesson.values["rule_number"]) for lesson in real_source.lessons]

    assert kinds == [("introduction", None), *[("rule", n) for n in range(1, 10)], ("summary", None)]
    assert real_source.revision
    assert len({lesson.slug for lesson in real_source.lessons}) == 11


@pytest.mark.parametrize("path", REAL_LESSON_FILES, ids=lambda p: p.name)
def test_each_real_lesson_has_two_to_four_questions(real_source, path):
    lesson = next(lesson for lesson in real_source.lessons if lesson.file == f"lessons/{path.name}")

    assert 2 <= len(lesson.values["questions"]) <= 4
    assert lesson.values["body"]


def test_the_real_final_test_pool_covers_every_rule(real_source):
    questions = real_source.final_test.values["questions"]
    rules = {q["value"]["rule"] for q in questions}

    assert len(questions) >= 15
    assert len(questions) >= real_source.course.values["final_test_size"]
    assert set(range(1, 10)) <= rules


def test_the_real_source_loads(db):
    output = StringIO()
    call_command("load_nine_rules", "--translations", str(FIXTURE / "no-translations"), stdout=output)

    course = course_source_page()
    assert "13 created" in output.getvalue()
    assert len(lessons_of(course)) == 11
    assert FinalTestPage.objects.child_of(course).live().count() == 1
