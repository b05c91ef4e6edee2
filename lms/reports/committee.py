"""The monthly report for the Technical Information Management Committee, drawn as a PDF.

For every course with launched campaigns in the fiscal year of the month or the two before it:
completion per company and per site (table and bar chart), the ten sites or departments with the
lowest rate this fiscal year (the laggards), and the trend of the group and of each company over
the three fiscal years (chart and table). Every number comes from ``lms.reports.selectors``, the
reads behind the screens, so the report and the completion report on screen agree.

Invariants:
- the whole group is counted (the committee sees everything; no user scope applies);
- rates are read on the day the report is built; "overdue" is counted on the month's last day, or
  on the day of building if the month has not ended;
- the document is rendered in ``language`` (text, numbers, dates) and carries the internal
  classification mark, like the other internal PDFs.
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel.dates import format_skeleton
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms.fiscal import fiscal_year_of
from lms.i18n.formatting import fiscal_year_label, locale_date, locale_number, locale_percent
from lms.i18n.languages import babel_locale
from lms.organisation.models import OrgUnit
from lms.pdf.classification import INTERNAL
from lms.pdf.rendering import RenderReport, body_font_family, render_pdf

from .charts import Chart, chart_pdf_fonts_register, completion_bar_chart, completion_trend_chart
from .selectors import CompletionTable, Tally, UnitCompletion, completion_table, report_courses

if TYPE_CHECKING:
    from .models import CommitteeReport

TEMPLATE = "reports/committee_report.html"
LAGGARDS = 10
YEARS = 3


def month_first_day(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(today: datetime.date) -> datetime.date:
    """The first day of the month before ``today``'s."""
    return month_first_day(month_first_day(today) - datetime.timedelta(days=1))


def month_last_day(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_label(month: datetime.date, *, language: str) -> str:
    """ "November 2026", "2026年11月", in the reader's language."""
    return format_skeleton("yMMMM", month, locale=babel_locale(language))


@dataclass(frozen=True)
class Row:
    """One line of a table of the report: a unit (or the group) and its numbers, formatted."""

    name: str
    kind: str
    assigned: str
    completed: str
    overdue: str
    rate: str
    is_total: bool = False


def _row(name: str, kind: str, tally: Tally, *, is_total: bool = False) -> Row:
    return Row(
        name=name,
        kind=kind,
        assigned=locale_number(tally.assigned),
        completed=locale_number(tally.completed),
        overdue=locale_number(tally.overdue),
        rate=locale_percent(tally.rate),
        is_total=is_total,
    )


@dataclass(frozen=True)
class CourseSection:
    title: str
    fiscal_year_label: str
    total: Row
    units: list[Row]
    units_chart: Chart
    laggards: list[Row]
    trend_chart: Chart


def _unit_label(unit: OrgUnit, names: dict[str, str]) -> str:
    """A site or department with the company (and site) above it: "ACME › Plant A › Assembly"."""
    steps = [unit.path[:end] for end in range(2 * OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)]
    return " › ".join(names[path] for path in steps if path in names)


def _laggards(table: CompletionTable, names: dict[str, str]) -> list[Row]:
    """The sites and departments with the lowest rate this fiscal year (the larger unit first on a tie)."""
    measured = []
    for row in table.rows:
        if row.unit.kind not in (OrgUnit.Kind.SITE, OrgUnit.Kind.DEPARTMENT):
            continue
        tally = row.tally(fiscal_year=table.fiscal_year)
        if tally.assigned:
            measured.append((tally.rate, -tally.assigned, row.unit.path, row.unit, tally))
    measured.sort(key=lambda item: item[:3])
    return [
        _row(_unit_label(unit, names), unit.get_kind_display(), tally) for *_key, unit, tally in measured[:LAGGARDS]
    ]


def _course_section(*, course, table: CompletionTable, names: dict[str, str], pdf_font: str) -> CourseSection:
    fiscal_year = table.fiscal_year
    year_label = fiscal_year_label(fiscal_year)
    shown: list[UnitCompletion] = [
        row for row in table.rows if row.unit.kind in (OrgUnit.Kind.COMPANY, OrgUnit.Kind.SITE)
    ]
    companies = [row for row in shown if row.unit.kind == OrgUnit.Kind.COMPANY]
    title = course.localized.title
    units_chart = completion_bar_chart(
        title=_("%(course)s: completion per company and site, %(year)s") % {"course": title, "year": year_label},
        rows=[
            (_unit_label(row.unit, names), row.tally(fiscal_year=fiscal_year).rate)
            for row in shown
            if row.tally(fiscal_year=fiscal_year).assigned
        ],
        pdf_font=pdf_font,
    )
    year_labels = [_("FY%(year)s") % {"year": year} for year in table.fiscal_years]
    trend_chart = completion_trend_chart(
        title=_("%(course)s: completion over three fiscal years") % {"course": title},
        fiscal_year_labels=year_labels,
        series=[
            (_("Whole group"), [table.total.tally(fiscal_year=year).rate for year in table.fiscal_years]),
            *((row.unit.name, [row.tally(fiscal_year=year).rate for year in table.fiscal_years]) for row in companies),
        ],
        pdf_font=pdf_font,
    )
    return CourseSection(
        title=title,
        fiscal_year_label=year_label,
        total=_row(_("Whole group"), "", table.total.tally(fiscal_year=fiscal_year), is_total=True),
        units=[
            _row(_unit_label(row.unit, names), row.unit.get_kind_display(), row.tally(fiscal_year=fiscal_year))
            for row in shown
        ],
        units_chart=units_chart,
        laggards=_laggards(table, names),
        trend_chart=trend_chart,
    )


def committee_report_context(
    *, month: datetime.date, language: str, progress: Callable[[int], None] | None = None
) -> dict:
    """What the template draws, built in ``language``; ``progress(n)`` is called after each course."""
    month = month_first_day(month)
    today = timezone.localdate()
    on = min(month_last_day(month), today)
    fiscal_year = fiscal_year_of(month)
    chart_pdf_fonts_register()
    pdf_font = body_font_family(language)
    units = list(
        OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.COMPANY, OrgUnit.Kind.SITE, OrgUnit.Kind.DEPARTMENT]).order_by(
            "path"
        )
    )
    names = {unit.path: unit.name for unit in units}
    sections = []
    with translation.override(language):
        for done, course in enumerate(report_courses(), start=1):
            table = completion_table(
                roots=None, course_id=course.pk, fiscal_year=fiscal_year, units=units, years=YEARS, on=on
            )
            if any(table.total.tally(fiscal_year=year).assigned for year in table.fiscal_years):
                sections.append(_course_section(course=course, table=table, names=names, pdf_font=pdf_font))
            if progress is not None:
                progress(done)
        return {
            "document_title": _("Training completion: report to the Technical Information Management Committee"),
            "month_label": month_label(month, language=language),
            "fiscal_year_label": fiscal_year_label(fiscal_year),
            "built_on": locale_date(today, fmt="long"),
            "overdue_on": locale_date(on, fmt="long"),
            "sections": sections,
            "laggard_count": LAGGARDS,
            "classification_mark": INTERNAL,
        }


def committee_report_courses_count() -> int:
    """How many steps ``committee_report_build`` reports progress for."""
    return len(report_courses())


def committee_report_build(
    *,
    month: datetime.date,
    language: str,
    progress: Callable[[int], None] | None = None,
    report: RenderReport | None = None,
) -> bytes:
    """The committee report for ``month`` as PDF bytes, in ``language`` (``report`` collects the
    renderer's warnings)."""
    context = committee_report_context(month=month, language=language, progress=progress)
    return render_pdf(TEMPLATE, context, language=language, report=report)


def committee_report_request(*, actor, month: datetime.date, language: str) -> "CommitteeReport":
    """A new report of ``month`` requested by ``actor``, queued to be built after commit; audited."""
    from lms.audit.services import audit_log

    from .models import CommitteeReport
    from .tasks import committee_report_run

    month = month_first_day(month)
    with transaction.atomic():
        report = CommitteeReport.objects.create(
            month=month, fiscal_year=fiscal_year_of(month), language=language, created_by=actor
        )
        audit_log(
            actor=actor,
            action="mamori.committee_report.request",
            instance=report,
            data={"month": month, "language": language},
        )
        transaction.on_commit(lambda: committee_report_run.delay(report.pk))
    return report
