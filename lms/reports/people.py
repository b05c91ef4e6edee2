"""The people behind a number of the completion report, on screen (paginated) and as CSV/XLSX.

Scoped like the report: a unit outside the reader's scope is a 404 whatever the URL says, and the
list never holds anyone outside it (``people_list`` filters by ``report_roots`` as well).
"""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lms.accounts.permissions import role_required
from lms.i18n.formatting import fiscal_year_label, locale_date
from lms.organisation.models import EmployeeCategory, OrgUnit
from lms.tabular import csv_response, xlsx_response
from lms.training.models import TrainingMethod

from .completion import EVERY_ROLE
from .selectors import OPEN, STATUS_FILTERS, PeopleFilter, Status, people_list, report_roots, status_of, unit_in_roots

PAGE_SIZE = 50


class PeopleForm(forms.Form):
    course = forms.IntegerField()
    fiscal_year = forms.IntegerField(min_value=2000, max_value=2100)
    unit = forms.IntegerField(required=False)
    category = forms.IntegerField(required=False)
    method = forms.ChoiceField(choices=[("", ""), *TrainingMethod.choices], required=False)
    status = forms.ChoiceField(choices=[("", ""), *((s, s) for s in STATUS_FILTERS)], required=False)


def _filter(request, roots) -> PeopleFilter:
    form = PeopleForm(request.GET)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    unit = None
    if data["unit"]:
        unit = OrgUnit.objects.filter(pk=data["unit"]).first()
        # Another plant's list is refused outright, not shown empty.
        if unit is None or not unit_in_roots(unit, roots):
            raise Http404
    return PeopleFilter(
        course_id=data["course"],
        fiscal_year=data["fiscal_year"],
        unit=unit,
        category_id=data["category"],
        method=data["method"] or None,
        status=data["status"] or None,
    )


def _description(people: PeopleFilter) -> list[str]:
    """What the list is of, in words, for its heading."""
    parts = [fiscal_year_label(people.fiscal_year)]
    if people.unit is not None:
        parts.append(people.unit.name)
    if people.category_id:
        category = EmployeeCategory.objects.filter(pk=people.category_id).first()
        if category is not None:
            parts.append(category.display_name())
    if people.method:
        parts.append(str(dict(TrainingMethod.choices)[people.method]))
    return parts


def _status_tabs(request, current: str | None) -> list[dict]:
    labels = [("", _("Everyone")), (OPEN, _("Not done")), *Status.choices]
    query = request.GET.copy()
    query.pop("page", None)
    tabs = []
    for value, label in labels:
        query["status"] = value
        tabs.append({"label": label, "url": f"?{query.urlencode()}", "current": (current or "") == value})
    return tabs


def _export_rows(assignments, *, on):
    labels = dict(Status.choices)
    methods = dict(TrainingMethod.choices)
    for assignment in assignments.iterator(chunk_size=2000):
        employee = assignment.employee
        status = status_of(assignment, on=on)
        yield [
            employee.number,
            employee.full_name,
            employee.unit.name,
            employee.category.display_name(),
            str(methods.get(assignment.method, assignment.method)),
            assignment.campaign.name,
            assignment.campaign.due_date,
            str(labels[status]),
            assignment.completed_on,
        ]


@role_required(*EVERY_ROLE)
@require_GET
def completion_people(request):
    """Every role, scoped: the people behind a number, 50 a page; ``?export=csv|xlsx`` for all of them."""
    roots = report_roots(user=request.user)
    people = _filter(request, roots)
    on = timezone.localdate()
    assignments = people_list(roots=roots, people=people, on=on)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        header = [
            _("Employee number"),
            _("Full name"),
            _("Unit"),
            _("Category"),
            _("Training method"),
            _("Campaign"),
            _("Due date"),
            _("Status"),
            _("Completed on"),
        ]
        rows = _export_rows(assignments, on=on)
        name = f"people-{people.fiscal_year}"
        if export == "csv":
            return csv_response(filename=f"{name}.csv", header=header, rows=rows)
        return xlsx_response(filename=f"{name}.xlsx", sheet_title=name, header=header, rows=rows)
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    for assignment in page.object_list:
        assignment.status = status_of(assignment, on=on)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    back = {"course": people.course_id, "fiscal_year": people.fiscal_year}
    if people.unit is not None:
        back["unit"] = people.unit.pk
    context = {
        "page_title": _("People"),
        "description": _description(people),
        "page": page,
        "tabs": _status_tabs(request, people.status),
        "query": query.urlencode(),
        "back_url": f"{reverse('mamori_completion_rates')}?{urlencode(back)}",
        "today": locale_date(on),
    }
    return render(request, "mamori_admin/completion_people.html", context)
