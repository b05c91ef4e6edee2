"""Translations of the course: one PO file per language, applied through wagtail-localize.

A language's PO file covers every page of the course. Its ``msgctxt`` is
``<Japanese page slug>/<wagtail-localize segment context>`` (the context is the
field or block path, e.g. ``questions.<block id>.options.<item id>.feedback``),
its ``msgid`` the Japanese text. Block ids are deterministic (content.py), so the
contexts are the same in every database.

Loading a language, per page in tree order: the page's ``TranslationSource`` is
created, or refreshed when the Japanese page changed; the PO entries for the page
are imported into the ``Translation`` for the locale; if every segment has a
translation the translated page is saved and published (``save_target``),
otherwise the page is skipped and the missing segments are reported, so no page
is ever published half in Japanese.

A translation is *out of date* (:func:`translations_out_of_date`) when the
Japanese page was published with changes since its text was last extracted, when
the translated page has not been rebuilt since the extraction or since a
translated string changed, or when segments lack a translation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import polib
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Revision
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationLog,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from lms.audit.services import audit_log
from lms.learning.models import CoursePage

from .loader import children_align

# Segments that are not text for translators: copied from the Japanese page as they are.
COPIED_PATHS = frozenset({"slug", "revision_label"})
TRANSLATION_ACTION = "mamori.course.translation_load"


class TranslationStatus:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class MissingSegment:
    page_slug: str
    context: str
    text: str

    def __str__(self) -> str:
        excerpt = self.text if len(self.text) <= 40 else f"{self.text[:40]}…"
        return f"{self.page_slug}/{self.context}: {excerpt}"


@dataclass
class PageTranslationOutcome:
    source_page: Page
    status: str
    translated_segments: int = 0
    missing: list[MissingSegment] = field(default_factory=list)
    note: str = ""


@dataclass
class LanguageReport:
    language: str
    pages: list[PageTranslationOutcome] = field(default_factory=list)
    unused_entries: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for p in self.pages if p.status == status)

    @property
    def translated_segments(self) -> int:
        return sum(p.translated_segments for p in self.pages)

    @property
    def missing(self) -> list[MissingSegment]:
        return [m for p in self.pages for m in p.missing]


def po_context(page: Page, path: str) -> str:
    return f"{page.slug}/{path}"


def language_locale(language: str) -> Locale:
    return Locale.objects.get(language_code=language.lower())


def course_pages(course: CoursePage) -> list[Page]:
    """The course page and its children (lessons, final test), in tree order, specific."""
    return [course.specific, *course.get_children().order_by("path").specific()]


# --- reading segments --------------------------------------------------------------------------------


def page_segments(page: Page) -> list[tuple[str, str]]:
    """(context path, Japanese text) of every text segment of the page as it is live, in order."""
    segments = []
    for segment in extract_segments(page.specific):
        if isinstance(segment, StringSegmentValue) and segment.path not in COPIED_PATHS:
            segments.append((segment.path, segment.string.data))
    return segments


def _translatable_content(page_class: type, data: dict) -> dict:
    content = {}
    for translatable in get_translatable_fields(page_class):
        name = translatable.field_name
        value = data.get(name)
        model_field = page_class._meta.get_field(name)
        if isinstance(model_field, StreamField) and isinstance(value, str):
            value = json.loads(value) if value else []
        content[name] = value
    return content


def source_is_stale(source: TranslationSource, page: Page) -> bool:
    """True if the live page's translatable or synchronised content differs from what was extracted."""
    page = page.specific
    page_class = type(page)
    return _translatable_content(page_class, json.loads(page.to_json())) != _translatable_content(
        page_class, json.loads(source.content_json)
    )


def _missing_segments(source: TranslationSource, locale: Locale, page_slug: str) -> list[MissingSegment]:
    missing = (
        StringSegment.objects.filter(source=source)
        .annotate_translation(locale)
        .filter(translation__isnull=True)
        .select_related("context", "string")
        .order_by("order")
    )
    return [MissingSegment(page_slug, s.context.path, s.string.data) for s in missing]


def _last_sync(source: TranslationSource, locale: Locale) -> datetime | None:
    return TranslationLog.objects.filter(source=source, locale=locale).aggregate(latest=Max("created_at")).get("latest")


def _target_needs_sync(translation: Translation) -> bool:
    """The translated page does not yet reflect the current source and translated strings."""
    source, locale = translation.source, translation.target_locale
    target = Page.objects.filter(translation_key=source.object_id, locale=locale).first()
    if target is None or not target.live:
        return True
    synced_at = _last_sync(source, locale)
    if synced_at is None or synced_at < source.last_updated_at:
        return True
    strings_changed_at = StringTranslation.objects.filter(context__object_id=source.object_id, locale=locale).aggregate(
        latest=Max("updated_at")
    )["latest"]
    return strings_changed_at is not None and strings_changed_at > synced_at


def translations_out_of_date(page: Page) -> list[Locale]:
    """Locales whose translation of ``page`` no longer matches the Japanese page, in LANGUAGES order."""
    page = page.specific
    source = TranslationSource.objects.filter(object_id=page.translation_key, locale_id=page.locale_id).first()
    if source is None:
        return []
    stale = source_is_stale(source, page)
    out_of_date = []
    for translation in source.translations.filter(enabled=True).select_related("target_locale", "source"):
        locale = translation.target_locale
        if stale or _target_needs_sync(translation) or _missing_segments(source, locale, page.slug):
            out_of_date.append(locale)
    order = [code for code, _name in settings.LANGUAGES]
    return sorted(out_of_date, key=lambda loc: order.index(loc.language_code) if loc.language_code in order else 99)


def course_translation_status(course: CoursePage) -> list[tuple[Page, list[Locale]]]:
    """Each page of the course with its out-of-date translations (pages with none are left out)."""
    status = []
    for page in course_pages(course):
        locales = translations_out_of_date(page)
        if locales:
            status.append((page, locales))
    return status


# --- exporting PO files ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportStats:
    entries: int
    translated: int
    fuzzy: int
    new: int
    obsolete: int


def course_po_build(
    *, course: CoursePage, language: str, previous: polib.POFile | None
) -> tuple[polib.POFile, ExportStats]:
    """The PO file for ``language`` from the live Japanese pages, keeping the translations of ``previous``.

    An entry whose context is known but whose Japanese text changed keeps its old translation,
    marked fuzzy with the previous text, for the translator to check; entries no longer in the
    course are kept as obsolete (``#~``) if they were translated.
    """
    previous_entries = [e for e in (previous or []) if not e.obsolete]
    exact = {(e.msgctxt, e.msgid): e for e in previous_entries}
    by_context: dict[str, list[polib.POEntry]] = {}
    for entry in previous_entries:
        by_context.setdefault(entry.msgctxt, []).append(entry)

    wanted: list[tuple[Page, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for page in course_pages(course):
        for path, text in page_segments(page):
            key = (po_context(page, path), text)
            if key not in seen:  # the same sentence twice in one rich-text block is one entry
                seen.add(key)
                wanted.append((page, *key))

    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"Mamori nine rules {course.specific.revision_label}".strip(),
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": settings.LANGUAGE_CODE,
    }
    translated = fuzzy = new = 0
    reused: set[tuple[str, str]] = set()
    for page, context, text in wanted:
        entry = polib.POEntry(msgctxt=context, msgid=text, msgstr="", comment=page.title)
        old = exact.get((context, text))
        if old is not None:
            entry.msgstr = old.msgstr
            if "fuzzy" in old.flags:
                entry.flags.append("fuzzy")
                entry.previous_msgid = old.previous_msgid
        else:
            # Same place, different Japanese text: the source changed under this translation.
            candidates = [
                e
                for e in by_context.get(context, [])
                if e.msgstr and (e.msgctxt, e.msgid) not in seen and (e.msgctxt, e.msgid) not in reused
            ]
            if candidates:
                old = candidates[0]
                reused.add((old.msgctxt, old.msgid))
                entry.msgstr = old.msgstr
                entry.flags.append("fuzzy")
                entry.previous_msgid = old.msgid
            elif context not in by_context:
                new += 1
        translated += bool(entry.msgstr) and "fuzzy" not in entry.flags
        fuzzy += "fuzzy" in entry.flags
        po.append(entry)

    obsolete = 0
    for entry in previous_entries:
        key = (entry.msgctxt, entry.msgid)
        if entry.msgstr and key not in seen and key not in reused:
            po.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=entry.msgstr, obsolete=True))
            obsolete += 1
    current = seen
    return po, ExportStats(entries=len(current), translated=translated, fuzzy=fuzzy, new=new, obsolete=obsolete)


# --- loading a language -----------------------------------------------------------------------------------


def home_translation_ensure(*, home: Page, locale: Locale, actor=None) -> Page:
    """The home page of ``locale`` (a live translation of the Japanese home page)."""
    translated = home.get_translation_or_none(locale)
    if translated is None:
        translated = home.copy_for_translation(locale)
    if not translated.live:
        translated.save_revision(user=actor).publish(user=actor)
    return translated.specific


def _page_po(entries: list[polib.POEntry], source: TranslationSource) -> polib.POFile:
    po = polib.POFile()
    for entry in entries:
        po.append(entry)
    for segment in StringSegment.objects.filter(source=source, context__path__in=COPIED_PATHS).select_related(
        "context", "string"
    ):
        po.append(polib.POEntry(msgctxt=segment.context.path, msgid=segment.string.data, msgstr=segment.string.data))
    return po


def _source_for(page: Page) -> TranslationSource:
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created and source_is_stale(source, page):
        source.update_from_db()
    return source


def _page_translate(
    page: Page, *, locale: Locale, entries: list[polib.POEntry], parent_translated: bool, actor
) -> PageTranslationOutcome:
    source = _source_for(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    if not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])
    translation.import_po(_page_po(entries, source), user=actor, tool_name="load_nine_rules")

    missing = _missing_segments(source, locale, page.slug)
    total = StringSegment.objects.filter(source=source).exclude(context__path__in=COPIED_PATHS).count()
    translated = total - len(missing)
    existing = page.get_translation_or_none(locale)
    if missing:
        return PageTranslationOutcome(page, TranslationStatus.SKIPPED, translated, missing)
    if existing is None and not parent_translated:
        return PageTranslationOutcome(
            page, TranslationStatus.SKIPPED, translated, note="its parent page has no translation in this language"
        )
    if existing is not None and not _target_needs_sync(translation):
        return PageTranslationOutcome(page, TranslationStatus.UNCHANGED, translated)

    # save_target(publish=True) would publish in transaction.on_commit with the revision object it
    # holds in memory; published later (inside an outer transaction) that stale object rewrites
    # the page's tree fields. So: save the draft, then publish the revision fresh from the database.
    translation.save_target(user=actor, publish=False)
    target = page.get_translation(locale)
    Revision.objects.get(pk=target.latest_revision_id).publish(user=actor)
    audit_log(
        actor=actor,
        action=TRANSLATION_ACTION,
        instance=target,
        data={"language": locale.language_code, "source_page": page.pk, "segments": translated},
    )
    status = TranslationStatus.CREATED if existing is None else TranslationStatus.UPDATED
    return PageTranslationOutcome(page, status, translated)


def po_entries_by_page(po: polib.POFile) -> dict[str, list[polib.POEntry]]:
    """Usable entries (translated, not fuzzy, not obsolete) grouped by page slug, contexts made page-relative."""
    grouped: dict[str, list[polib.POEntry]] = {}
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgstr or "/" not in (entry.msgctxt or ""):
            continue
        slug, path = entry.msgctxt.split("/", 1)
        grouped.setdefault(slug, []).append(polib.POEntry(msgctxt=path, msgid=entry.msgid, msgstr=entry.msgstr))
    return grouped


def course_translation_load(*, course: CoursePage, language: str, po: polib.POFile, actor=None) -> LanguageReport:
    """Apply ``po`` to every page of the course in ``language``; see the module docstring."""
    locale = language_locale(language)
    report = LanguageReport(language=locale.language_code)
    course = course.specific
    home_translation_ensure(home=course.get_parent().specific, locale=locale, actor=actor)
    grouped = po_entries_by_page(po)
    pages = course_pages(course)
    known_slugs = {p.slug for p in pages}
    report.unused_entries = [f"{slug}/…" for slug in sorted(set(grouped) - known_slugs)]

    course_translated = False
    for page in pages:
        with transaction.atomic():
            parent_translated = True if page.pk == course.pk else course_translated
            outcome = _page_translate(
                page,
                locale=locale,
                entries=grouped.get(page.slug, []),
                parent_translated=parent_translated,
                actor=actor,
            )
        report.pages.append(outcome)
        if page.pk == course.pk:
            course_translated = course.get_translation_or_none(locale) is not None

    translated_course = course.get_translation_or_none(locale)
    if translated_course is not None:
        ordered = [t for t in (p.get_translation_or_none(locale) for p in pages[1:]) if t is not None]
        children_align(parent=translated_course, ordered=ordered)
    return report
