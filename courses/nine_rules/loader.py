"""Writing the Japanese course pages from the source files (first half of ``load_nine_rules``).

Each page is compared with its source file: unchanged → nothing is written; changed → a new
revision, published. Every load of a page writes a ``mamori.course.load`` audit entry holding
the source fingerprint and the revision it produced; that is how a later run tells "the file
changed" from "someone edited the page in the CMS" (see content/README.md, "What a re-load does").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.fields import StreamField
from wagtail.models import Page, PageLogEntry

from lms.audit.services import audit_log
from lms.home.models import HomePage
from lms.learning.models import CoursePage

from .content import CourseSource, PageSource

LOAD_ACTION = "mamori.course.load"


class PageStatus:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept"  # differs from the file, but the CMS edit is kept
    NOT_IN_SOURCE = "not in source"


@dataclass(frozen=True)
class PageOutcome:
    page: Page
    file: str
    status: str
    note: str = ""


class LoadError(Exception):
    pass


def source_home() -> HomePage:
    """The Japanese home page (site root), made by lms/home/migrations/0002."""
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("path").first()
    if home is None:
        raise LoadError(_("There is no Japanese home page; run the migrations first."))
    return home


def stream_canonical(stream_field: StreamField, value) -> list:
    """StreamField data in the exact form Wagtail stores, whether ``value`` is raw or loaded."""
    stream_block = stream_field.stream_block
    stream_value = stream_field.to_python(value) if isinstance(value, list) else value
    for _child in stream_value:  # converts every lazy child, so get_prep_value re-serialises it
        pass
    return stream_block.get_prep_value(stream_value)


def _comparable(page: Page, values: dict) -> dict:
    current = {}
    for name in values:
        field = page._meta.get_field(name)
        current[name] = (
            stream_canonical(field, getattr(page, name)) if isinstance(field, StreamField) else getattr(page, name)
        )
    return current


def _desired(model: type, values: dict) -> dict:
    desired = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        desired[name] = stream_canonical(field, value) if isinstance(field, StreamField) else value
    return desired


def page_matches_source(page: Page, page_source: PageSource) -> bool:
    return _comparable(page.specific, page_source.values) == _desired(page_source.model, page_source.values)


def last_load_entry(page: Page) -> PageLogEntry | None:
    return PageLogEntry.objects.filter(page_id=page.pk, action=LOAD_ACTION).order_by("-timestamp", "-pk").first()


def _publish(page: Page, page_source: PageSource, *, actor) -> None:
    revision = page.save_revision(user=actor, log_action=True)
    revision.publish(user=actor)
    audit_log(
        actor=actor,
        action=LOAD_ACTION,
        instance=page,
        data={
            "language": page.locale.language_code,
            "file": page_source.file,
            "fingerprint": page_source.fingerprint,
            "revision_id": revision.pk,
        },
    )


def _page_write(
    page_source: PageSource, *, parent: Page, existing: Page | None, keep_cms_edits: bool, actor
) -> PageOutcome:
    if existing is None:
        page = page_source.model(**page_source.values)
        parent.add_child(instance=page)
        _publish(page, page_source, actor=actor)
        return PageOutcome(page, page_source.file, PageStatus.CREATED)

    page = existing.specific
    if type(page) is not page_source.model:
        raise LoadError(
            _("%(file)s: the page with slug %(slug)s is a %(kind)s, not a %(expected)s.")
            % {
                "file": page_source.file,
                "slug": page_source.slug,
                "kind": type(page)._meta.verbose_name,
                "expected": page_source.model._meta.verbose_name,
            }
        )
    if page_matches_source(page, page_source):
        return PageOutcome(page, page_source.file, PageStatus.UNCHANGED)

    last = last_load_entry(page)
    file_changed = last is None or last.data.get("fingerprint") != page_source.fingerprint
    edited_in_cms = last is None or page.latest_revision_id != last.data.get("revision_id")
    if not file_changed:
        return PageOutcome(
            page,
            page_source.file,
            PageStatus.KEPT,
            _("edited in the CMS; the source file has not changed since the last load"),
        )
    if keep_cms_edits and edited_in_cms:
        return PageOutcome(
            page, page_source.file, PageStatus.KEPT, _("edited in the CMS since the last load (--keep-cms-edits)")
        )

    for name, value in page_source.values.items():
        setattr(page, name, value)
    _publish(page, page_source, actor=actor)
    return PageOutcome(page, page_source.file, PageStatus.UPDATED)


def children_align(*, parent: Page, ordered: list[Page]) -> bool:
    """Put ``ordered`` (children of ``parent``) in that order, after any other children. True if moved."""
    wanted = [p.pk for p in ordered]
    current = [pk for pk in parent.get_children().order_by("path").values_list("pk", flat=True) if pk in set(wanted)]
    if current == wanted:
        return False
    for pk in wanted:
        Page.objects.get(pk=pk).move(Page.objects.get(pk=parent.pk), pos="last-child")
    return True


@transaction.atomic
def course_pages_load(*, source: CourseSource, keep_cms_edits: bool = False, actor=None) -> list[PageOutcome]:
    """Create or update the Japanese course, its lessons (in file order) and its final test."""
    home = source_home()
    course = CoursePage.objects.child_of(home).order_by("path").first()
    outcomes = [_page_write(source.course, parent=home, existing=course, keep_cms_edits=keep_cms_edits, actor=actor)]
    course = outcomes[0].page

    children: list[Page] = []
    for page_source in [*source.lessons, source.final_test]:
        existing = course.get_children().filter(slug=page_source.slug).first()
        outcome = _page_write(page_source, parent=course, existing=existing, keep_cms_edits=keep_cms_edits, actor=actor)
        outcomes.append(outcome)
        children.append(outcome.page)
    children_align(parent=course, ordered=children)

    known = {p.pk for p in children}
    for extra in course.get_children().exclude(pk__in=known).specific():
        outcomes.append(
            PageOutcome(
                extra, "", PageStatus.NOT_IN_SOURCE, _("no source file has this slug; the page was left as it is")
            )
        )
    return outcomes
