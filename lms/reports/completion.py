"""The completion report: units × categories, units × methods and units × fiscal years for one
course, every number a link to the people behind it, with charts and CSV/XLSX downloads.

Every role may open it; what it counts is scoped in the selectors (``report_roots``). Asking for a
unit outside the reader's scope is answered 404, as for any object outside a scope.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lms.accounts.models import Role
from lms.accounts.permissions import role_required
from lms.fiscal import fiscal_year_of
from lms.i18n.formatting import fiscal_year_label, locale_percent
from lms.organisation.models import EmployeeCategory, OrgUnit
from lms.tabular import csv_response, xlsx_response
from lms.training.models import TrainingMethod

from .charts import completion_bar_chart, completion_trend_chart
from .selectors import (
    CompletionTable,
    Tally,
    UnitCompletion,
    completion_table,
    report_courses,
    report_fiscal_years,
    report_roots,
    report_units,
    unit_in_roots,
)

EVERY_ROLE = (Role.MANAGER, Role.HR, Role.TRAINER, Role.AUDITOR, Role.ADMIN)


class ReportForm(forms.Form):
    """Which course, fiscal year and unit the report is about; every field optional."""

    course = forms.TypedChoiceField(label=gettext_lazy("Course"), coerce=int, required=False)
    fiscal_year = forms.TypedChoiceField(label=gettext_lazy("Fiscal year"), coerce=int, required=False)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, courses):
        super().__init__(data)
        self.fields["course"].choices = [(c.pk, c.title) for c in courses]
        course_id = self._course_id_asked(courses)
        years = report_fiscal_years(course_id=course_id) if course_id else []
        self.fields["fiscal_year"].choices = [(y, fiscal_year_label(y)) for y in years]

    def _course_id_asked(self, courses) -> int | None:
        ids = {c.pk for c in courses}
        try:
            asked = int(self.data.get("course") or 0)
        except (TypeError, ValueError):
            asked = 0
        if asked in ids:
            return asked
        return courses[0].pk if courses else None


@dataclass
class Cell:
    """A number of the report as shown: ``completed / assigned (rate)``, linked to its people."""

    tally: Tally
    url: str

    @property
    def percent(self) -> str:
        return locale_percent(self.tally.rate)

    def __html__(self) -> str:
        """``completed / assigned (rate)``, the first part linked; a dash when nobody is counted.
        Built here rather than in the template: a report has thousands of cells."""
        if not self.tally.assigned:
            return mark_safe("—")  # noqa: S308 (a constant)
        return format_html(
            '<a href="{}">{} / {}</a> <small>({})</small>',
            self.url,
            self.tally.completed,
            self.tally.assigned,
            self.percent,
        )

    __str__ = __html__  # the template engine renders str(value)


@dataclass
class OverdueCell:
    """How many are overdue, linked to who they are."""

    count: int
    url: str

    def __html__(self) -> str:
        return format_html('<a href="{}">{}</a>', self.url, self.count) if self.count else mark_safe("0")  # noqa: S308

    __str__ = __html__  # the template engine renders str(value)


@dataclass(frozen=True)
class Selection:
    course_id: int
    fiscal_year: int
    unit: OrgUnit | None


def people_url(selection: Selection, *, unit: OrgUnit | None, **filters) -> str:
    """The list of people behind a number (``lms.reports.people``)."""
    query = {"course": selection.course_id, "fiscal_year": selection.fiscal_year}
    if unit is not None:
        query["unit"] = unit.pk
    query.update({key: value for key, value in filters.items() if value not in (None, "")})
    return f"{reverse('mamori_completion_people')}?{urlencode(query)}"


def _selection(request, roots) -> tuple[ReportForm, Selection | None, list]:
    courses = report_courses()
    form = ReportForm(request.GET, courses=courses)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    if not courses:
        return form, None, courses
    course_id = data.get("course") or courses[0].pk
    years = report_fiscal_years(course_id=course_id)
    this_year = fiscal_year_of(timezone.localdate())
    default_year = this_year if this_year in years else years[0]
    fiscal_year = data.get("fiscal_year") or default_year
    unit = None
    if data.get("unit"):
        unit = OrgUnit.objects.filter(pk=data["unit"]).first()
        if unit is None or not unit_in_roots(unit, roots):
            raise Http404
    return form, Selection(course_id=course_id, fiscal_year=fiscal_year, unit=unit), courses


def _row_cells(row: UnitCompletion, selection: Selection, categories, methods) -> dict:
    year = selection.fiscal_year
    unit = row.unit or selection.unit
    return {
        "categories": [
            Cell(row.tally(fiscal_year=year, category_id=c.pk), people_url(selection, unit=unit, category=c.pk))
            for c in categories
        ],
        "methods": [
            Cell(row.tally(fiscal_year=year, method=m), people_url(selection, unit=unit, method=m)) for m in methods
        ],
        "total": Cell(row.tally(fiscal_year=year), people_url(selection, unit=unit)),
        "overdue_url": people_url(selection, unit=unit, status="overdue"),
        "open_url": people_url(selection, unit=unit, status="open"),
    }


def _trend_cells(row: UnitCompletion, table: CompletionTable, selection: Selection) -> list[Cell]:
    unit = row.unit or selection.unit
    return [
        Cell(
            row.tally(fiscal_year=year),
            people_url(Selection(selection.course_id, year, selection.unit), unit=unit),
        )
        for year in table.fiscal_years
    ]


def report_context(*, roots, selection: Selection) -> dict:
    """Everything the report shows for one selection, numbers and links ready to render."""
    units = report_units(roots=roots, within=selection.unit)
    table = completion_table(roots=roots, course_id=selection.course_id, fiscal_year=selection.fiscal_year, units=units)
    categories = list(EmployeeCategory.objects.all())
    methods = table.methods()
    method_labels = dict(TrainingMethod.choices)
    rows = []
    for row in table.rows:
        is_selected = selection.unit is not None and row.unit.pk == selection.unit.pk
        rows.append(
            {
                "unit": row.unit,
                "is_child": not is_selected and row.unit.depth > min(u.depth for u in units),
                "drill_url": None if is_selected or row.unit.is_leaf() else _drill_url(selection, row.unit),
                "trend": _trend_cells(row, table, selection),
                **_row_cells(row, selection, categories, methods),
            }
        )
    year_labels = [fiscal_year_label(year) for year in table.fiscal_years]
    bar_rows = [(row["unit"].name, row["total"].tally.rate) for row in rows]
    trend_series = [
        (row["unit"].name, [cell.tally.rate for cell in row["trend"]]) for row in rows if not row["is_child"]
    ] or [(_("Total"), [table.total.tally(fiscal_year=year).rate for year in table.fiscal_years])]
    total = {
        **_row_cells(table.total, selection, categories, methods),
        "trend": _trend_cells(table.total, table, selection),
    }

    def with_total(cells: dict) -> list:
        return [*cells["categories"], cells["total"], OverdueCell(cells["total"].tally.overdue, cells["overdue_url"])]

    bar_chart = completion_bar_chart(
        title=_("Completion by unit, %(year)s") % {"year": fiscal_year_label(selection.fiscal_year)},
        rows=bar_rows,
    )
    trend_chart = completion_trend_chart(
        title=_("Completion over three fiscal years"), fiscal_year_labels=year_labels, series=trend_series
    )
    unit_header = _("Unit")
    tables = [
        _unit_table(
            "by-category",
            _("By unit and employee category"),
            _("Completed / assigned per unit and employee category"),
            [unit_header, *(c.display_name() for c in categories), _("Total"), _("Overdue")],
            rows,
            total,
            with_total,
            chart=bar_chart,
        ),
        _unit_table(
            "by-method",
            _("By training method"),
            _("Completed / assigned per unit and training method"),
            [unit_header, *(method_labels[m] for m in methods)],
            rows,
            total,
            lambda cells: cells["methods"],
        ),
        _unit_table(
            "trends",
            _("This year against the two before"),
            _("Completed / assigned per unit and fiscal year"),
            [unit_header, *year_labels],
            rows,
            total,
            lambda cells: cells["trend"],
            chart=trend_chart,
        ),
    ]
    return {
        "table": table,
        "tables": tables,
        "categories": categories,
        "methods": [(m, method_labels[m]) for m in methods],
        "rows": rows,
        "total": total,
        "breadcrumbs": _breadcrumbs(roots, selection),
    }


def _unit_table(key, heading, caption, headers, rows, total, cells_of, *, chart=None) -> dict:
    """One of the report's tables: a row per unit, its cells chosen by ``cells_of``, and the total."""
    return {
        "id": key,
        "heading": heading,
        "caption": caption,
        "headers": headers,
        "chart": chart,
        "rows": [{**row, "cells": cells_of(row)} for row in rows],
        "total": cells_of(total),
    }


def _drill_url(selection: Selection, unit: OrgUnit) -> str:
    query = {"course": selection.course_id, "fiscal_year": selection.fiscal_year, "unit": unit.pk}
    return f"{reverse('mamori_completion_rates')}?{urlencode(query)}"


def _breadcrumbs(roots, selection: Selection) -> list[tuple[str, str]]:
    """Links back up from the unit shown: the reader's top level, then each ancestor within scope."""
    if selection.unit is None:
        return []
    query = {"course": selection.course_id, "fiscal_year": selection.fiscal_year}
    crumbs = [
        (
            _("All my units") if roots is not None else _("Whole group"),
            f"{reverse('mamori_completion_rates')}?{urlencode(query)}",
        )
    ]
    for ancestor in selection.unit.get_ancestors():
        if unit_in_roots(ancestor, roots):
            crumbs.append((ancestor.name, _drill_url(selection, ancestor)))
    return crumbs


def _table_rows(context) -> tuple[list, list]:
    header = [_("Unit")]
    for category in context["categories"]:
        name = category.display_name()
        header += [
            _("%(category)s completed") % {"category": name},
            _("%(category)s assigned") % {"category": name},
            _("%(category)s rate") % {"category": name},
        ]
    for _method, label in context["methods"]:
        header += [
            _("%(method)s completed") % {"method": label},
            _("%(method)s assigned") % {"method": label},
        ]
    header += [_("Total completed"), _("Total assigned"), _("Total rate"), _("Overdue")]

    def cells(row) -> list:
        values = []
        for cell in row["categories"]:
            values += [cell.tally.completed, cell.tally.assigned, cell.percent]
        for cell in row["methods"]:
            values += [cell.tally.completed, cell.tally.assigned]
        total = row["total"]
        return [*values, total.tally.completed, total.tally.assigned, total.percent, total.tally.overdue]

    rows = [[row["unit"].name, *cells(row)] for row in context["rows"]]
    rows.append([_("Total"), *cells(context["total"])])
    return header, rows


@role_required(*EVERY_ROLE)
@require_GET
def completion_report(request):
    """Every role; managers and HR count only their units (``report_roots``)."""
    roots = report_roots(user=request.user)
    form, selection, courses = _selection(request, roots)
    context = {"page_title": _("Completion report"), "form": form, "selection": selection, "courses": courses}
    if selection is not None:
        context.update(report_context(roots=roots, selection=selection))
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            header, rows = _table_rows(context)
            name = f"completion-{selection.fiscal_year}"
            if export == "csv":
                return csv_response(filename=f"{name}.csv", header=header, rows=rows)
            return xlsx_response(filename=f"{name}.xlsx", sheet_title=name, header=header, rows=rows)
        query = {"course": selection.course_id, "fiscal_year": selection.fiscal_year}
        if selection.unit is not None:
            query["unit"] = selection.unit.pk
        context["query"] = urlencode(query)
        context["people_all_url"] = people_url(selection, unit=selection.unit)
    return render(request, "mamori_admin/completion_report.html", context)
