"""Reports menu: completion rates for every role (scoped by the selector), the audit log for auditors."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.accounts.menus import RoleMenuItem

from .audit_log import AUDIT_ROLES, AuditLogView
from .views import EVERY_ROLE, CompletionRatesView


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("mamori/reports/completion-rates/", CompletionRatesView.as_view(), name="mamori_completion_rates"),
        path(
            "mamori/reports/completion-rates/results/",
            CompletionRatesView.as_view(results_only=True),
            name="mamori_completion_rates_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_completion_rates_menu_item():
    return RoleMenuItem(
        _("Completion rates"),
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
