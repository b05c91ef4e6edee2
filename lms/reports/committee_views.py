"""Admin screens of the committee reports: the list with downloads, and "Generate now".

Trainers (the secretariat), auditors and administrators see the reports; trainers and
administrators may generate one. Managers and HR get the 403: the report covers the whole group.
URLs and the menu item are registered by lms/reports/wagtail_hooks.py.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lms.accounts.menus import RoleMenuItem
from lms.accounts.models import Role
from lms.accounts.permissions import role_required
from lms.accounts.selectors import user_has_role
from lms.storage import private_file_response

from .committee import committee_report_request, month_label, previous_month
from .models import CommitteeReport

COMMITTEE_REPORT_READERS = (Role.TRAINER, Role.AUDITOR, Role.ADMIN)
COMMITTEE_REPORT_MAKERS = (Role.TRAINER, Role.ADMIN)
PAGE_SIZE = 20


@role_required(*COMMITTEE_REPORT_READERS)
@require_GET
def committee_report_list(request):
    """Trainers, auditors, administrators: every committee report, the newest month first."""
    reports = Paginator(
        CommitteeReport.objects.select_related("created_by").order_by("-month", "-created_at", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    for report in reports:
        report.month_label = month_label(report.month, language=request.LANGUAGE_CODE)
    next_month = previous_month(timezone.localdate())
    return render(
        request,
        "mamori_admin/committee_reports.html",
        {
            "page_title": _("Committee reports"),
            "reports": reports,
            "may_generate": user_has_role(request.user, *COMMITTEE_REPORT_MAKERS),
            "generate_month": month_label(next_month, language=request.LANGUAGE_CODE),
        },
    )


@role_required(*COMMITTEE_REPORT_READERS)
@require_GET
def committee_report_download(request, pk: int):
    """Trainers, auditors, administrators: a finished report's PDF, from the private storage."""
    report = get_object_or_404(CommitteeReport, pk=pk)
    if report.status != CommitteeReport.Status.DONE or not report.file:
        raise Http404
    return private_file_response(report.file, filename=report.download_name, content_type="application/pdf")


@role_required(*COMMITTEE_REPORT_MAKERS)
@require_POST
def committee_report_generate_now(request):
    """Trainers, administrators: build last month's report now, in the site's language."""
    report = committee_report_request(
        actor=request.user, month=previous_month(timezone.localdate()), language=settings.LANGUAGE_CODE
    )
    messages.success(
        request,
        _("The committee report for %(month)s is being generated.")
        % {"month": month_label(report.month, language=request.LANGUAGE_CODE)},
    )
    return redirect("mamori_committee_reports")


def committee_report_urls() -> list:
    """The admin URLs of the screens above (for the ``register_admin_urls`` hook)."""
    return [
        path("mamori/reports/committee/", committee_report_list, name="mamori_committee_reports"),
        path(
            "mamori/reports/committee/generate/",
            committee_report_generate_now,
            name="mamori_committee_report_generate",
        ),
        path(
            "mamori/reports/committee/<int:pk>/download/",
            committee_report_download,
            name="mamori_committee_report_download",
        ),
    ]


def committee_report_menu_item() -> RoleMenuItem:
    """The Reports menu's entry (for the ``register_reports_menu_item`` hook), shown to the readers."""
    return RoleMenuItem(
        gettext_lazy("Committee reports"),
        reverse("mamori_committee_reports"),
        name="mamori-committee-reports",
        icon_name="doc-full",
        order=70,
        roles=COMMITTEE_REPORT_READERS,
    )
