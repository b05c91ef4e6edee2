"""“Pledges missing”: hires without a signed hire pledge and leavers without a leaving pledge, for HR.

The rows come from ``pledges_missing`` only, which scopes them to the user's units; the filters
offer only the user's units and their companies, so an id from elsewhere is a form error.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from lms.accounts.menus import RoleMenuItem
from lms.accounts.permissions import role_required
from lms.fiscal import fiscal_year_bounds, fiscal_year_of
from lms.i18n.formatting import locale_number
from lms.organisation.models import OrgUnit, OrgUnitQuerySet
from lms.organisation.selectors import companies_handled_by, units_handled_by

from ..models import PledgePurpose
from ..selectors import PLEDGE_STAFF, MissingPledge, pledges_missing

PAGE_SIZE = 50
BOTH = "both"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fiscal_year_start(today: datetime.date) -> datetime.date:
    return fiscal_year_bounds(fiscal_year_of(today))[0]


class MissingFilterForm(forms.Form):
    hired_since = forms.DateField(
        label=gettext_lazy("Hired since"),
        help_text=gettext_lazy("Leavers are listed from this date on, and every upcoming one."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=gettext_lazy("Unit"), required=False, empty_label=gettext_lazy("All")
    )
    company = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=gettext_lazy("Company"), required=False, empty_label=gettext_lazy("All")
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Pledge"),
        choices=[
            (BOTH, gettext_lazy("Hiring and leaving")),
            (PledgePurpose.HIRE, PledgePurpose.HIRE.label),
            (PledgePurpose.LEAVING, PledgePurpose.LEAVING.label),
        ],
    )

    def __init__(self, *args, units: OrgUnitQuerySet, companies: OrgUnitQuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["company"].queryset = companies


def filter_data(query, *, today: datetime.date):
    """The query string with the defaults filled in, so the form is always bound."""
    data = query.copy()
    if not data.get("hired_since"):
        data["hired_since"] = fiscal_year_start(today).isoformat()
    if not data.get("kind"):
        data["kind"] = BOTH
    return data


def missing_rows(*, user, filters: dict, today: datetime.date) -> list[MissingPledge]:
    rows = pledges_missing(
        user=user,
        hired_since=filters["hired_since"],
        today=today,
        unit=filters["unit"],
        company=filters["company"],
    )
    if filters["kind"] != BOTH:
        rows = [row for row in rows if row.purpose == filters["kind"]]
    return rows


def overdue_label(days: int) -> str:
    if days > 0:
        return locale_number(days)
    if days == 0:
        return _("due today")
    return ngettext("due in %(days)s day", "due in %(days)s days", -days) % {"days": locale_number(-days)}


def totals_line(rows: list[MissingPledge], *, kind: str) -> str:
    hires = sum(1 for row in rows if row.purpose == PledgePurpose.HIRE)
    leavers = len(rows) - hires
    hire_part = ngettext("%(count)s person missing a hire pledge", "%(count)s people missing a hire pledge", hires) % {
        "count": locale_number(hires)
    }
    leaving_part = ngettext("%(count)s missing a leaving pledge", "%(count)s missing a leaving pledge", leavers) % {
        "count": locale_number(leavers)
    }
    if kind == PledgePurpose.HIRE:
        return hire_part
    if kind == PledgePurpose.LEAVING:
        return ngettext(
            "%(count)s person missing a leaving pledge", "%(count)s people missing a leaving pledge", leavers
        ) % {"count": locale_number(leavers)}
    return _("%(hire)s, %(leaving)s") % {"hire": hire_part, "leaving": leaving_part}


@dataclass(frozen=True)
class MissingRow:
    """A row of the page: the missing pledge and what the page shows and links to."""

    item: MissingPledge
    pledge: str
    overdue: str
    employee_url: str
    paper_url: str


def page_rows(items, *, paper_base: str) -> list[MissingRow]:
    return [
        MissingRow(
            item=item,
            pledge=str(PledgePurpose(item.purpose).label),
            overdue=overdue_label(item.days_overdue),
            employee_url=reverse("employee:inspect", args=[item.employee.pk]),
            paper_url=f"{paper_base}?{urlencode({'employee': item.employee.pk, 'purpose': item.purpose})}",
        )
        for item in items
    ]


def export_header() -> list[str]:
    return [
        _("Employee number"),
        _("Name"),
        _("Unit"),
        _("Company"),
        _("Pledge"),
        _("Due date"),
        _("Days overdue"),
    ]


def export_values(row: MissingPledge) -> list:
    """One row of an export; days overdue as an integer, negative for a leaving date still to come."""
    employee = row.employee
    return [
        employee.number,
        employee.full_name,
        employee.unit.name,
        employee.company.name,
        str(PledgePurpose(row.purpose).label),
        row.due_on,
        row.days_overdue,
    ]


def as_csv(rows: list[MissingPledge], *, today: datetime.date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pledges-missing-{today.isoformat()}.csv"'
    # A byte-order mark lets spreadsheet programs read Japanese names correctly.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(export_header())
    for row in rows:
        writer.writerow(
            [value.isoformat() if isinstance(value, datetime.date) else value for value in export_values(row)]
        )
    return response


def as_xlsx(rows: list[MissingPledge], *, today: datetime.date) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Pledges missing")[:31]
    sheet.append(export_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(export_values(row))
        sheet.cell(row=sheet.max_row, column=6).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="pledges-missing-{today.isoformat()}.xlsx"'
    return response


@role_required(*PLEDGE_STAFF)
@require_GET
def missing_list(request):
    """HR (their units) and administrators: who has not signed the hire or leaving pledge, and since when."""
    today = timezone.localdate()
    form = MissingFilterForm(
        filter_data(request.GET, today=today),
        units=units_handled_by(user=request.user),
        companies=companies_handled_by(user=request.user),
    )
    context = {"page_title": _("Pledges missing"), "form": form, "page": None, "rows": [], "totals": ""}
    if not form.is_valid():
        # A unit or company outside the user's scope lands here too: nobody is listed.
        return render(request, "pledges/admin/missing.html", context, status=400)
    rows = missing_rows(user=request.user, filters=form.cleaned_data, today=today)
    export = request.GET.get("export")
    if export == "csv":
        return as_csv(rows, today=today)
    if export == "xlsx":
        return as_xlsx(rows, today=today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        page=page,
        rows=page_rows(page.object_list, paper_base=reverse("pledges_admin:record_paper")),
        totals=totals_line(rows, kind=form.cleaned_data["kind"]),
    )
    return render(request, "pledges/admin/missing.html", context)


admin_urlpatterns = [
    path("missing/", missing_list, name="missing"),
]


def menu_items() -> list[RoleMenuItem]:
    return [
        RoleMenuItem(
            gettext_lazy("Pledges missing"),
            reverse_lazy("pledges_admin:missing"),
            name="pledges-missing",
            icon_name="warning",
            order=30,
            roles=PLEDGE_STAFF,
        )
    ]
