"""HR's leaving cases: the list with each case's checklist progress, and the case page (the return
checklist, HR's override, the leaving pledge, the case's history). HR in their units, administrators."""

import datetime

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from lms.accounts.menus import RoleMenuItem
from lms.accounts.permissions import role_required

from ..models import LeavingCase, LeavingCaseItem
from ..selectors import PLEDGE_STAFF, leaving_case_gate_open, leaving_cases_visible_to, leaving_cases_with_progress
from ..services import PledgeRefused
from ..services.leaving import leaving_case_override, leaving_item_settle, leaving_pledge_signed
from .leaving_forms import LeavingCaseFilterForm, OverrideForm, checklist_forms

PAGE_SIZE = 50


def days_from_today(day: datetime.date, today: datetime.date) -> str:
    days = (day - today).days
    if days > 0:
        return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}
    if days < 0:
        return ngettext("%(count)d day ago", "%(count)d days ago", -days) % {"count": -days}
    return _("today")


@role_required(*PLEDGE_STAFF)
@require_GET
def case_list(request):
    """HR (their units) and administrators: leaving cases with their checklist progress and pledge."""
    form = LeavingCaseFilterForm(request.GET or None, user=request.user)
    cases = form.apply(leaving_cases_with_progress(leaving_cases_visible_to(user=request.user)))
    page = Paginator(cases.order_by("leaving_date", "employee__number", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    for case in page.object_list:
        case.when = days_from_today(case.leaving_date, today)
    return render(
        request,
        "pledges/admin/leaving_list.html",
        {"page_title": _("Leaving cases"), "form": form, "page": page},
    )


def _case_for(request, pk: int) -> LeavingCase:
    return get_object_or_404(leaving_cases_visible_to(user=request.user), pk=pk)


def _history(case: LeavingCase, items: list[LeavingCaseItem]) -> list[dict]:
    """The case's audit entries, newest first, with a short detail for item and override entries."""
    names = {item.kind.code: item.kind.display_name() for item in items}
    states = dict(LeavingCaseItem.State.choices)
    entries = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(LeavingCase, for_concrete_model=False),
            object_id=str(case.pk),
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    rows = []
    for entry in entries:
        data = entry.data or {}
        detail = ""
        if entry.action == "mamori.leaving_case.item":
            state = (data.get("changes") or {}).get("state")
            detail = names.get(data.get("item"), data.get("item", ""))
            if state:
                detail = f"{detail}: {states.get(state[1], state[1])}"
        elif entry.action == "mamori.leaving_case.override":
            detail = data.get("reason", "")
        elif entry.action == "mamori.leaving_case.move" and isinstance(data.get("leaving_date"), list):
            detail = " → ".join(str(day) for day in data["leaving_date"])
        rows.append(
            {
                "label": log_action_registry.get_action_label(entry.action),
                "user": entry.user_display_name,
                "timestamp": entry.timestamp,
                "detail": detail,
            }
        )
    return rows


def _case_page(request, case: LeavingCase, *, forms=None, override_form=None, error: str = "", status: int = 200):
    items = list(case.items.select_related("kind"))
    pledge = leaving_pledge_signed(case)
    cancelled = case.cancelled_at is not None
    editable = not cancelled and pledge is None
    pending = sum(1 for item in items if not item.is_settled)
    return render(
        request,
        "pledges/admin/leaving_case.html",
        {
            "page_title": _("Leaving case: %(name)s") % {"name": case.employee.full_name},
            "case": case,
            "employee": case.employee,
            "when": days_from_today(case.leaving_date, timezone.localdate()),
            "rows": forms if forms is not None else checklist_forms(items),
            "items": items,
            "settled": len(items) - pending,
            "total": len(items),
            "editable": editable,
            "cancelled": cancelled,
            "pledge": pledge,
            "gate_open": not cancelled and leaving_case_gate_open(case),
            "show_override": editable and pending and not case.is_overridden,
            "override_form": override_form or OverrideForm(),
            "error": error,
            "history": _history(case, items),
        },
        status=status,
    )


@role_required(*PLEDGE_STAFF)
@require_http_methods(["GET", "POST"])
def case_detail(request, pk: int):
    """HR (their units) and administrators: the case, and saving its checklist. Every changed row is
    applied in one transaction: one refused row and nothing of the save is written."""
    case = _case_for(request, pk)
    if request.method == "GET":
        return _case_page(request, case)
    items = list(case.items.select_related("kind"))
    forms = checklist_forms(items, data=request.POST)
    if not all(form.is_valid() for form in forms):
        return _case_page(request, case, forms=forms, error=_("Check the marked rows. Nothing was saved."), status=400)
    changed = [form for form in forms if form.has_changed()]
    if not changed:
        messages.info(request, _("Nothing was changed."))
        return redirect("pledges_admin:leaving_case", pk=case.pk)
    failed = None
    try:
        with transaction.atomic():
            for form in changed:
                failed = form
                leaving_item_settle(item=form.item, actor=request.user, **form.cleaned_data)
    except PledgeRefused as refusal:
        failed.add_error(None, str(refusal))
        item, message = failed.item.kind.display_name(), str(refusal)
        # Most refusals name the item already; the others get its name in front.
        if item not in message:
            message = _("%(item)s: %(message)s") % {"item": item, "message": message}
        error = _("Nothing was saved. %(message)s") % {"message": message}
        return _case_page(request, case, forms=forms, error=error, status=400)
    messages.success(
        request,
        ngettext("%(count)d checklist item saved.", "%(count)d checklist items saved.", len(changed))
        % {"count": len(changed)},
    )
    return redirect("pledges_admin:leaving_case", pk=case.pk)


@role_required(*PLEDGE_STAFF)
@require_POST
def case_override(request, pk: int):
    """HR (their units) and administrators: let the leaving pledge be signed before the checklist is
    settled, with a written reason."""
    case = _case_for(request, pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            leaving_case_override(case=case, actor=request.user, reason=form.cleaned_data["reason"])
        except PledgeRefused as refusal:
            form.add_error("reason", str(refusal))
        else:
            messages.success(request, _("The checklist is overridden; the leaving pledge can be signed."))
            return redirect("pledges_admin:leaving_case", pk=case.pk)
    return _case_page(request, case, override_form=form, status=400)


admin_urlpatterns = [
    path("leaving/", case_list, name="leaving_cases"),
    path("leaving/<int:pk>/", case_detail, name="leaving_case"),
    path("leaving/<int:pk>/override/", case_override, name="leaving_case_override"),
]


def menu_items() -> list:
    return [
        RoleMenuItem(
            gettext_lazy("Leaving cases"),
            reverse_lazy("pledges_admin:leaving_cases"),
            name="pledges-leaving-cases",
            icon_name="logout",
            order=20,
            roles=PLEDGE_STAFF,
        )
    ]
