"""Reading the course source (``content/ja``, TOML) into page values.

The result of :func:`course_source_read` is what ``load_nine_rules`` writes:
for every page, its field values with StreamField data already in the raw
form Wagtail stores. Every block, list item included, gets a deterministic
id (see :func:`block_id`), because learners' answers and translators' PO
contexts refer to block ids: loading the same file twice must give the same
ids, in any database.

Block values are converted by walking the block definitions in ``blocks.py``,
so the accepted keys always follow the blocks; each converted block is then
validated with the block's own ``clean()`` (e.g. "exactly one correct answer").
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from wagtail import blocks

from lms.learning.models import CoursePage, FinalTestPage, LessonPage

# Bump when the way values or ids are built changes, so every page counts as changed once.
SOURCE_FORMAT = 1
# Fixed namespace of the course's block ids; never change it (ids are stored in learners' answers).
# The course_code of the pages this app loads (see CoursePage.course_code).
COURSE_CODE = "nine-rules"
BLOCK_ID_NAMESPACE = uuid.UUID("5b0f6a3e-2f39-4c1e-9a57-9d1b7c1f0e21")
DEFAULT_SOURCE_DIR = Path(__file__).resolve().parent / "content" / "ja"

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RULE_FILE_RE = re.compile(r"^rule-(\d{2})\.toml$")
INLINE_TAGS = {"b", "i", "a", "br"}
BLOCK_TAGS = {"p", "ul", "ol", "li", "h2", "h3", "h4"}
FEATURE_TAGS = {"bold": {"b"}, "italic": {"i"}, "ul": {"ul", "li"}, "ol": {"ol", "li"}, "h3": {"h3"}, "link": {"a"}}
LESSON_QUESTIONS = (2, 4)


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}" if self.key else f"{self.file}: {self.message}"


class SourceError(Exception):
    """The source tree has errors; ``problems`` names each file and key."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class PageSource:
    model: type
    file: str  # relative to the source directory
    slug: str
    values: dict[str, Any]
    fingerprint: str

    @property
    def title(self) -> str:
        return self.values["title"]


@dataclass(frozen=True)
class CourseSource:
    directory: Path
    course: PageSource
    lessons: list[PageSource]
    final_test: PageSource

    @property
    def pages(self) -> list[PageSource]:
        return [self.course, *self.lessons, self.final_test]

    @property
    def revision(self) -> str:
        return self.course.values["revision_label"]


def block_id(*parts: object) -> str:
    """A stable block id: the same parts always give the same UUID."""
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, "/".join(str(p) for p in parts)))


def fingerprint(model: type, values: dict[str, Any]) -> str:
    payload = {"format": SOURCE_FORMAT, "model": model._meta.label_lower, "values": values}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class _Reader:
    directory: Path
    problems: list[Problem] = field(default_factory=list)

    def error(self, file: str, key: str, message: str) -> None:
        self.problems.append(Problem(file, key, message))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.directory).as_posix()

    def load(self, path: Path) -> dict | None:
        try:
            with path.open("rb") as fh:
                return tomllib.load(fh)
        except FileNotFoundError:
            self.error(self.rel(path), "", "file is missing")
        except tomllib.TOMLDecodeError as exc:
            self.error(self.rel(path), "", f"not valid TOML ({exc})")
        return None

    # --- scalar keys of a page file -------------------------------------------------------------
    def take(self, file: str, table: dict, key: str, kind: type, *, required: bool = True, default: Any = None):
        if key not in table:
            if required:
                self.error(file, key, "required key is missing")
            return default
        value = table[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.error(file, key, f"must be a whole number, not {value!r}")
            return default
        if kind is str and not isinstance(value, str):
            self.error(file, key, f"must be a string, not {value!r}")
            return default
        if kind is str and required and not value.strip():
            self.error(file, key, "must not be empty")
            return default
        if kind is list and not isinstance(value, list):
            self.error(file, key, "must be an array of tables ([[...]])")
            return default
        return value

    def unknown_keys(self, file: str, table: dict, allowed: set[str], prefix: str = "") -> None:
        for key in sorted(set(table) - allowed):
            self.error(file, f"{prefix}{key}", f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def slug(self, file: str, table: dict) -> str:
        slug = self.take(file, table, "slug", str, default="")
        if slug and not SLUG_RE.match(slug):
            self.error(file, "slug", f"{slug!r} must be lower-case letters, digits and hyphens")
        return slug or ""

    def int_in(
        self, file: str, table: dict, key: str, low: int, high: int | None, *, default: int | None
    ) -> int | None:
        value = self.take(file, table, key, int, required=default is None, default=default)
        if isinstance(value, int) and (value < low or (high is not None and value > high)):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            self.error(file, key, f"must be {bound}, not {value}")
        return value

    def rich_text(self, file: str, key: str, value: str, features: list[str]) -> str:
        allowed = {"p", "br"}
        for feature in features:
            allowed |= FEATURE_TAGS.get(feature, set())
        for tag in sorted(_tags_in(value) - allowed):
            self.error(file, key, f"<{tag}> is not allowed here (allowed: {', '.join(sorted(allowed))})")
        if value.strip() and not value.lstrip().startswith(("<p", "<ul", "<ol", "<h")):
            self.error(file, key, "rich text must start with a block tag such as <p>")
        return value

    # --- StreamField blocks ------------------------------------------------------------------------
    def stream(self, file: str, key: str, items: list, stream_block: blocks.StreamBlock, id_base: str) -> list:
        raw: list[dict] = []
        seen_ids: set[str] = set()
        for index, item in enumerate(items, start=1):
            where = f"{key}[{index}]"
            if not isinstance(item, dict):
                self.error(file, where, "must be a table")
                continue
            item = dict(item)
            if stream_block.child_blocks.keys() == {"question"}:
                block_type = item.pop("type", "question")
            else:
                block_type = item.pop("type", None)
            if block_type not in stream_block.child_blocks:
                self.error(
                    file, f"{where}.type", f"{block_type!r} is not one of {', '.join(stream_block.child_blocks)}"
                )
                continue
            explicit = item.pop("id", None)
            if explicit is not None and not isinstance(explicit, str | int):
                self.error(file, f"{where}.id", "must be a string")
                explicit = None
            this_id = _explicit_id(id_base, explicit) if explicit is not None else block_id(id_base, index)
            if this_id in seen_ids:
                self.error(file, f"{where}.id", f"id {explicit!r} is used twice")
            seen_ids.add(this_id)
            child = stream_block.child_blocks[block_type]
            if not isinstance(child, blocks.StructBlock):
                # A single-value block (a paragraph): its value is the table's ``text``.
                self.unknown_keys(file, item, {"text"}, f"{where}.")
                if "text" not in item:
                    self.error(file, f"{where}.text", "required key is missing")
                    continue
                item = item["text"]
                where = f"{where}.text"
            value = self.block_value(file, where, child, item, this_id)
            if value is None:
                continue
            self.clean(file, where, child, value)
            raw.append({"type": block_type, "value": value, "id": this_id})
        return raw

    def block_value(self, file: str, where: str, block: blocks.Block, value: Any, id_base: str) -> Any:
        if isinstance(block, blocks.StructBlock):
            if not isinstance(value, dict):
                self.error(file, where, "must be a table")
                return None
            self.unknown_keys(file, value, set(block.child_blocks), f"{where}.")
            result = {}
            for name, child in block.child_blocks.items():
                child_where = f"{where}.{name}"
                if name not in value:
                    if _is_required(child):
                        self.error(file, child_where, "required key is missing")
                    result[name] = _default(child)
                    continue
                result[name] = self.block_value(file, child_where, child, value[name], f"{id_base}/{name}")
            return result
        if isinstance(block, blocks.ListBlock):
            if not isinstance(value, list):
                self.error(file, where, "must be an array")
                return []
            if _is_required(block) and not value:
                self.error(file, where, "must not be empty")
            return [
                {
                    "type": "item",
                    "value": self.block_value(file, f"{where}[{i}]", block.child_block, item, block_id(id_base, i)),
                    "id": block_id(id_base, i),
                }
                for i, item in enumerate(value, start=1)
            ]
        if isinstance(block, blocks.BooleanBlock):
            if not isinstance(value, bool):
                self.error(file, where, f"must be true or false, not {value!r}")
            return bool(value)
        if isinstance(block, blocks.IntegerBlock):
            if isinstance(value, bool) or not isinstance(value, int):
                self.error(file, where, f"must be a whole number, not {value!r}")
                return None
            return value
        if isinstance(block, blocks.ChoiceBlock):
            choices = [str(k) for k, _label in block.field.choices if k != ""]
            if value not in choices:
                self.error(file, where, f"{value!r} is not one of {', '.join(choices)}")
            return value
        if isinstance(block, blocks.RichTextBlock):
            if not isinstance(value, str):
                self.error(file, where, "must be a string")
                return ""
            return self.rich_text(file, where, value, block.features or [])
        if isinstance(block, blocks.CharBlock | blocks.TextBlock):
            if not isinstance(value, str):
                self.error(file, where, "must be a string")
                return ""
            if _is_required(block) and not value.strip():
                self.error(file, where, "must not be empty")
            return value
        self.error(file, where, f"{type(block).__name__} blocks cannot come from the source files; add them in the CMS")
        return None

    def clean(self, file: str, where: str, block: blocks.Block, raw_value: Any) -> None:
        """Run the block's own validation (the same as the admin's) and report its messages."""
        if any(
            p.file == file and (p.key == where or p.key.startswith((f"{where}.", f"{where}["))) for p in self.problems
        ):
            return  # already reported more precisely
        try:
            block.clean(block.to_python(raw_value))
        except ValidationError as exc:
            for key, message in _flatten(exc, where):
                self.error(file, key, message)


def _explicit_id(id_base: str, explicit: str | int) -> str:
    try:
        return str(uuid.UUID(str(explicit)))
    except ValueError:
        return block_id(id_base, f"id:{explicit}")


def _is_required(block: blocks.Block) -> bool:
    if isinstance(block, blocks.ListBlock):
        return bool(block.meta.min_num)
    if isinstance(block, blocks.BooleanBlock):
        return False
    return bool(getattr(block, "required", False))


def _default(block: blocks.Block) -> Any:
    if isinstance(block, blocks.ListBlock):
        return []
    if isinstance(block, blocks.BooleanBlock):
        return False
    default = block.get_default()
    return "" if default is None else default


def _flatten(exc: ValidationError, where: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    block_errors = getattr(exc, "block_errors", None)
    if block_errors:
        items = block_errors.items() if isinstance(block_errors, dict) else enumerate(block_errors)
        for key, child in items:
            if child is None:
                continue
            child_where = f"{where}[{key + 1}]" if isinstance(key, int) else f"{where}.{key}"
            for sub in child if isinstance(child, list) else [child]:
                found.extend(_flatten(sub, child_where))
    for message in getattr(exc, "non_block_errors", None) or []:
        found.extend(_flatten(message, where) if isinstance(message, ValidationError) else [(where, str(message))])
    if not found:
        found = [(where, str(m)) for m in exc.messages]
    return found


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def _tags_in(html: str) -> set[str]:
    collector = _TagCollector()
    collector.feed(html)
    return collector.tags


# --- page files -------------------------------------------------------------------------------------


def _course(reader: _Reader, path: Path) -> PageSource | None:
    file = reader.rel(path)
    table = reader.load(path)
    if table is None:
        return None
    allowed = {"title", "slug", "revision", "pass_mark_percent", "final_test_size", "intro"}
    reader.unknown_keys(file, table, allowed)
    intro = reader.take(file, table, "intro", str, required=False, default="")
    values = {
        "title": reader.take(file, table, "title", str, default=""),
        "slug": reader.slug(file, table),
        "intro": reader.rich_text(file, "intro", intro, ["bold", "italic", "ul", "ol"]),
        "pass_mark_percent": reader.int_in(file, table, "pass_mark_percent", 1, 100, default=80),
        "final_test_size": reader.int_in(file, table, "final_test_size", 1, None, default=15),
        "revision_label": reader.take(file, table, "revision", str, default=""),
        "course_code": COURSE_CODE,
    }
    if len(values["revision_label"] or "") > 40:
        reader.error(file, "revision", "must be at most 40 characters")
    return PageSource(CoursePage, file, values["slug"], values, fingerprint(CoursePage, values))


def _questions(reader: _Reader, file: str, table: dict, slug: str, id_base: str, rule: int | None) -> list:
    items = reader.take(file, table, "questions", list, required=False, default=[]) or []
    stream_block = LessonPage._meta.get_field("questions").stream_block
    raw = reader.stream(file, "questions", items, stream_block, id_base)
    if rule is not None:
        for index, question in enumerate(raw, start=1):
            if question["value"]["rule"] != rule:
                reader.error(
                    file, f"questions[{index}].rule", f"must be {rule} in this file, not {question['value']['rule']}"
                )
    return raw


def _lesson(reader: _Reader, path: Path) -> PageSource | None:
    file = reader.rel(path)
    table = reader.load(path)
    if table is None:
        return None
    allowed = {
        "slug",
        "title",
        "kind",
        "rule_number",
        "summary",
        "estimated_minutes",
        "body",
        "questions",
        "trainer_notes",
    }
    reader.unknown_keys(file, table, allowed)
    slug = reader.slug(file, table)
    kind = reader.take(file, table, "kind", str, default=LessonPage.Kind.RULE)
    if kind not in LessonPage.Kind.values:
        reader.error(file, "kind", f"{kind!r} is not one of {', '.join(LessonPage.Kind.values)}")
    rule_number = None
    if kind == LessonPage.Kind.RULE:
        rule_number = reader.int_in(file, table, "rule_number", 1, 9, default=None)
    elif "rule_number" in table:
        reader.error(file, "rule_number", f"only lessons of kind 'rule' have a rule number (this one is {kind!r})")
    summary = reader.take(file, table, "summary", str, required=False, default="")
    if len(summary) > 300:
        reader.error(file, "summary", f"must be at most 300 characters, not {len(summary)}")
    body_items = reader.take(file, table, "body", list, required=False, default=[]) or []
    body_block = LessonPage._meta.get_field("body").stream_block
    expected_rule = (
        rule_number if kind == LessonPage.Kind.RULE else (0 if kind == LessonPage.Kind.INTRODUCTION else None)
    )
    questions = _questions(reader, file, table, slug, f"{slug}/questions", expected_rule)
    low, high = LESSON_QUESTIONS
    if not low <= len(questions) <= high and not any(
        p.file == file and p.key.startswith("questions") for p in reader.problems
    ):
        reader.error(file, "questions", f"a lesson has {low}–{high} questions, this one has {len(questions)}")
    values = {
        "title": reader.take(file, table, "title", str, default=""),
        "slug": slug,
        "kind": kind,
        "rule_number": rule_number,
        "summary": summary,
        "estimated_minutes": reader.int_in(file, table, "estimated_minutes", 1, 240, default=5),
        "body": reader.stream(file, "body", body_items, body_block, f"{slug}/body"),
        "questions": questions,
        "trainer_notes": reader.take(file, table, "trainer_notes", str, required=False, default="").strip(),
    }
    return PageSource(LessonPage, file, slug, values, fingerprint(LessonPage, values))


def _final_test(reader: _Reader, directory: Path) -> PageSource | None:
    index_path = directory / "index.toml"
    file = reader.rel(index_path)
    table = reader.load(index_path)
    if table is None:
        return None
    reader.unknown_keys(file, table, {"title", "slug", "intro"})
    slug = reader.slug(file, table)
    intro = reader.take(file, table, "intro", str, required=False, default="")
    questions: list = []
    rule_files = sorted(p for p in directory.glob("*.toml") if p.name != "index.toml")
    for path in rule_files:
        rule_file = reader.rel(path)
        match = RULE_FILE_RE.match(path.name)
        if not match:
            reader.error(rule_file, "", "final test files are named rule-NN.toml (NN = 00 for the introduction)")
            continue
        rule_table = reader.load(path)
        if rule_table is None:
            continue
        reader.unknown_keys(rule_file, rule_table, {"questions"})
        rule = int(match.group(1))
        if rule > 9:
            reader.error(rule_file, "", "rules are numbered 00–09")
            continue
        questions += _questions(reader, rule_file, rule_table, slug, f"{slug}/questions/{path.stem}", rule)
    if not questions:
        reader.error(file, "", "the final test has no questions (add final-test/rule-NN.toml files)")
    values = {
        "title": reader.take(file, table, "title", str, default=""),
        "slug": slug,
        "intro": reader.rich_text(file, "intro", intro, ["bold", "italic", "ul"]),
        "questions": questions,
    }
    return PageSource(FinalTestPage, file, slug, values, fingerprint(FinalTestPage, values))


def course_source_read(*, directory: Path = DEFAULT_SOURCE_DIR) -> CourseSource:
    """Parse and validate the whole source tree; raise :class:`SourceError` listing every problem."""
    directory = Path(directory).resolve()
    reader = _Reader(directory)
    if not directory.is_dir():
        raise SourceError([Problem(str(directory), "", "source directory does not exist")])
    course = _course(reader, directory / "course.toml")
    lesson_paths = sorted((directory / "lessons").glob("*.toml"))
    if not lesson_paths:
        reader.error("lessons", "", "no lesson files (lessons/NN-slug.toml)")
    lessons = [lesson for lesson in (_lesson(reader, p) for p in lesson_paths) if lesson is not None]
    final_test = _final_test(reader, directory / "final-test")

    seen: dict[str, str] = {}
    for page in [*lessons, *([final_test] if final_test else [])]:
        if page.slug and page.slug in seen:
            reader.error(page.file, "slug", f"{page.slug!r} is already used by {seen[page.slug]}")
        seen[page.slug] = page.file
    if reader.problems or course is None or final_test is None:
        raise SourceError(reader.problems)
    return CourseSource(directory=directory, course=course, lessons=lessons, final_test=final_test)
