"""Reports menu: the completion report for every role (scoped by the selectors), the audit log for
auditors; the admin home's panels (lms/reports/dashboard.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.accounts.menus import RoleMenuItem

from .audit_log import AUDIT_ROLES, AuditLogView
from .committee_views import committee_report_menu_item, committee_report_urls
from .completion import EVERY_ROLE, completion_report
from .dashboard import homepage_panels_add
from .people import completion_people


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("mamori/reports/completion/", completion_report, name="mamori_completion_rates"),
        path("mamori/reports/completion/people/", completion_people, name="mamori_completion_people"),
    ]


hooks.register("construct_homepage_panels", homepage_panels_add)


@hooks.register("register_reports_menu_item")
def register_completion_rates_menu_item():
    return RoleMenuItem(
        _("Completion report"),
        reverse("mamori_completion_rates"),
        name="mamori-completion-rates",
        icon_name="tick-inverse",
        order=50,
        roles=EVERY_ROLE,
    )


@hooks.register("register_admin_urls")
def register_audit_log_urls():
    return [
        path("mamori/audit-log/", AuditLogView.as_view(), name="mamori_audit_log"),
        path("mamori/audit-log/results/", AuditLogView.as_view(results_only=True), name="mamori_audit_log_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return RoleMenuItem(
        _("Audit log"),
        reverse("mamori_audit_log"),
        name="mamori-audit-log",
        icon_name="history",
        order=60,
        roles=AUDIT_ROLES,
    )


@hooks.register("register_admin_urls")
def register_committee_report_urls():
    return committee_report_urls()


@hooks.register("register_reports_menu_item")
def register_committee_reports_menu_item():
    return committee_report_menu_item()
