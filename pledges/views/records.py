"""HR's pledge records: the list of signed pledges, recording a paper pledge, withdrawing one,
the PDF and scan downloads, and the pledges shown on an employee's page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.menus import RoleMenuItem
from lms.accounts.permissions import role_required
from lms.accounts.selectors import user_has_role
from lms.i18n.formatting import locale_date
from lms.storage import private_file_response

from ..selectors import PLEDGE_STAFF, signed_pledges_of, signed_pledges_visible_to
from ..services import PledgeAlreadySigned, PledgeRefused
from ..services.signing import pledge_record_paper, pledge_withdraw
from .record_forms import PaperPledgeForm, SignedPledgeFilterForm, WithdrawForm, paper_form_initial
from .signing import pledge_pdf_name

PAGE_SIZE = 50


@role_required(*PLEDGE_STAFF)
@require_GET
def signed_list(request):
    """HR (their units) and administrators: every signed pledge, filtered, with PDFs and withdrawal."""
    form = SignedPledgeFilterForm(request.GET or None, user=request.user)
    pledges = signed_pledges_visible_to(user=request.user).order_by("-signed_at", "-pk")
    if form.is_bound:
        pledges = form.apply(pledges)
    page = Paginator(pledges, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pledges/admin/records_list.html",
        {
            "page_title": _("Signed pledges"),
            "form": form,
            "page": page,
            "withdraw_form": WithdrawForm(),
        },
    )


@role_required(*PLEDGE_STAFF)
@require_http_methods(["GET", "POST"])
def record_paper(request):
    """HR (their units) and administrators: record a pledge signed on paper, with its scan."""
    initial = paper_form_initial(
        user=request.user, employee_id=request.GET.get("employee"), purpose=request.GET.get("purpose")
    )
    form = PaperPledgeForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                pledge = pledge_record_paper(
                    actor=request.user,
                    employee=data["employee"],
                    version=data["version"],
                    language=data["language"],
                    signed_on=data["signed_on"],
                    scan=data["scan"],
                    note=data["note"],
                )
            except PledgeAlreadySigned as refusal:
                messages.warning(request, str(refusal))
                status = 409
            except PledgeRefused as refusal:
                form.add_error(None, str(refusal))
                status = 400
            else:
                messages.success(
                    request,
                    _("Recorded: %(pledge)s of %(name)s (%(number)s), signed on %(date)s.")
                    % {
                        "pledge": pledge.pledge_type.display_name(),
                        "name": pledge.employee_name,
                        "number": pledge.employee_number,
                        "date": locale_date(pledge.signed_on),
                    },
                )
                return redirect("pledges_admin:records")
        else:
            status = 400
    return render(
        request,
        "pledges/admin/record_paper.html",
        {"page_title": _("Record a paper pledge"), "form": form},
        status=status,
    )


@role_required(*PLEDGE_STAFF)
@require_POST
def withdraw(request, pk: int):
    """HR (their units) and administrators: withdraw a signed pledge with a reason (the record stays)."""
    pledge = get_object_or_404(signed_pledges_visible_to(user=request.user), pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Withdrawing a pledge needs a reason."))
    else:
        try:
            pledge_withdraw(pledge=pledge, actor=request.user, reason=form.cleaned_data["reason"])
        except PledgeRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The pledge of %(name)s was withdrawn.") % {"name": pledge.employee_name})
    return redirect(request.POST.get("next") if _safe_next(request) else reverse("pledges_admin:records"))


def _safe_next(request) -> bool:
    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


@role_required(*PLEDGE_STAFF)
@require_GET
def pdf(request, pk: int):
    """HR (their units) and administrators: the sealed PDF of a signed pledge."""
    pledge = get_object_or_404(signed_pledges_visible_to(user=request.user), pk=pk)
    return private_file_response(pledge.pdf, filename=pledge_pdf_name(pledge), content_type="application/pdf")


@role_required(*PLEDGE_STAFF)
@require_GET
def scan(request, pk: int):
    """HR (their units) and administrators: the signed scan of a paper pledge."""
    pledge = get_object_or_404(signed_pledges_visible_to(user=request.user).exclude(scan=""), pk=pk)
    extension = pledge.scan.name.rsplit(".", 1)[-1]
    return private_file_response(
        pledge.scan,
        filename=f"pledge-scan-{pledge.employee_number}-{pledge.pk}.{extension}",
        content_type=pledge.scan_type or None,
    )


def employee_rows(request, employee) -> list[dict]:
    """The pledges row of an employee's admin page: each pledge with its status; links to the PDFs
    for HR and administrators (whose scope the page's own scope already covers)."""
    pledges = list(signed_pledges_of(employee=employee))
    may_download = user_has_role(request.user, *PLEDGE_STAFF)
    if not pledges:
        value = _("No signed pledge.")
    else:

        def line(pledge):
            status = _("withdrawn") if pledge.is_withdrawn else _("valid")
            label = f"{pledge.pledge_type.display_name()} v{pledge.version.number} · {locale_date(pledge.signed_on)} · {pledge.get_method_display()} · {status}"
            if may_download:
                return (reverse("pledges_admin:pdf", args=[pledge.pk]), label)
            return ("", label)

        value = format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (format_html('<a href="{}">{}</a>', url, label) if url else label,)
                    for url, label in map(line, pledges)
                ),
            ),
        )
    return [{"label": _("Pledges"), "value": value, "component": None}]


admin_urlpatterns = [
    path("", signed_list, name="records"),
    path("record-paper/", record_paper, name="record_paper"),
    path("<int:pk>/withdraw/", withdraw, name="withdraw"),
    path("<int:pk>/pdf/", pdf, name="pdf"),
    path("<int:pk>/scan/", scan, name="scan"),
]


def menu_items() -> list:
    return [
        RoleMenuItem(
            gettext_lazy("Signed pledges"),
            reverse_lazy("pledges_admin:records"),
            name="pledges-signed",
            icon_name="doc-full",
            order=10,
            roles=PLEDGE_STAFF,
        ),
        RoleMenuItem(
            gettext_lazy("Record a paper pledge"),
            reverse_lazy("pledges_admin:record_paper"),
            name="pledges-record-paper",
            icon_name="upload",
            order=15,
            roles=PLEDGE_STAFF,
        ),
    ]
