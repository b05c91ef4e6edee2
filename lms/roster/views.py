"""Admin screens for HR: upload a roster → preview → confirm → result. HR and administrators only."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.models import Role
from lms.accounts.permissions import role_required
from lms.organisation.models import Employee, EmployeeCategory, OrgUnit

from .forms import RosterUploadForm
from .selectors import roster_imports_visible_to
from .services import RosterAlreadyImported, RosterPlan, RosterRejected, roster_apply, roster_plan
from .template_file import roster_template_csv, roster_template_xlsx
from .uploads import pending_upload_discard, pending_upload_get, pending_upload_save

PAGE_SIZE = 100
IMPORTERS = (Role.HR, Role.ADMIN)


@role_required(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def roster_upload(request):
    """HR and administrators: choose a file; it is kept server-side until confirmed."""
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = pending_upload_save(
            session=request.session, data=upload.read(), file_name=upload.name, full=form.cleaned_data["full"]
        )
        return redirect("roster:preview", token=token)
    return render(request, "roster/upload.html", {"form": form})


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (OrgUnit, EmployeeCategory)):
        return value.code
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _field_label(name: str) -> str:
    return str(Employee._meta.get_field(name).verbose_name)


def _change_rows(plan: RosterPlan) -> list[dict]:
    rows = []
    for create in plan.creates:
        e = create.employee
        rows.append(
            {
                "kind": _("New"),
                "row": create.row,
                "employee": e,
                "changes": [
                    (_field_label("unit"), "", _display(e.unit)),
                    (_field_label("category"), "", _display(e.category)),
                    (_field_label("hire_date"), "", _display(e.hire_date)),
                ],
            }
        )
    for update in plan.updates:
        rows.append(
            {
                "kind": _("Changed"),
                "row": update.row,
                "employee": update.employee,
                "changes": [
                    (_field_label(n), _display(old), _display(new)) for n, (old, new) in update.changes.items()
                ],
            }
        )
    for employee in plan.flags:
        rows.append(
            {
                "kind": _("Missing from the file"),
                "row": None,
                "employee": employee,
                "changes": [(_field_label("absent_from_roster_since"), "—", _("today"))],
            }
        )
    return rows


def _preview_render(request, *, token: str, meta: dict, plan: RosterPlan, status: int = 200):
    changes = Paginator(_change_rows(plan), PAGE_SIZE).get_page(request.GET.get("page"))
    problems = Paginator(plan.problems, PAGE_SIZE).get_page(request.GET.get("problems_page"))
    context = {
        "token": token,
        "meta": meta,
        "plan": plan,
        "changes": changes,
        "problems": problems,
    }
    return render(request, "roster/preview.html", context, status=status)


@role_required(*IMPORTERS)
@require_GET
def roster_preview(request, token: str):
    """HR and administrators: what the upload would change, and every problem by row and column."""
    pending = pending_upload_get(session=request.session, token=token)
    if pending is None:
        messages.error(request, _("This upload has expired. Upload the file again."))
        return redirect("roster:upload")
    meta, data = pending
    plan = roster_plan(data=data, file_name=meta["file_name"], actor=request.user, full=meta["full"])
    return _preview_render(request, token=token, meta=meta, plan=plan)


@role_required(*IMPORTERS)
@require_POST
def roster_confirm(request, token: str):
    """HR and administrators: apply the previewed file, validated again now. A second confirm changes nothing."""
    already = roster_imports_visible_to(user=request.user).filter(upload_token=token).first()
    if already is not None:
        messages.info(request, _("This upload was already imported; nothing was changed."))
        return redirect("roster:result", pk=already.pk)
    pending = pending_upload_get(session=request.session, token=token)
    if pending is None:
        messages.error(request, _("This upload has expired. Upload the file again."))
        return redirect("roster:upload")
    meta, data = pending
    plan = roster_plan(data=data, file_name=meta["file_name"], actor=request.user, full=meta["full"])
    if not plan.is_valid:
        messages.error(request, _("The file has problems; nothing was imported."))
        return _preview_render(request, token=token, meta=meta, plan=plan, status=400)
    try:
        record = roster_apply(plan=plan, actor=request.user, upload_token=token)
    except RosterAlreadyImported as error:
        messages.info(request, str(error))
        return redirect("roster:result", pk=error.record.pk)
    except RosterRejected as error:
        messages.error(request, str(error))
        return _preview_render(request, token=token, meta=meta, plan=plan, status=409)
    pending_upload_discard(session=request.session, token=token)
    messages.success(request, _("The roster was imported."))
    return redirect("roster:result", pk=record.pk)


@role_required(*IMPORTERS)
@require_GET
def roster_result(request, pk: int):
    """HR (their own imports) and administrators: what an import changed."""
    record = get_object_or_404(roster_imports_visible_to(user=request.user), pk=pk)
    return render(request, "roster/result.html", {"record": record})


@role_required(*IMPORTERS)
@require_GET
def roster_template_download(request, file_format: str):
    """HR and administrators: the blank roster with one example row."""
    if file_format == "csv":
        response = HttpResponse(roster_template_csv(), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(
            roster_template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="roster-template.{file_format}"'
    return response
