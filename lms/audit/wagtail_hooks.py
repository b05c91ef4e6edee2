from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.accounts.selectors import user_has_role

from .actions import ACTIONS
from .views import AUDIT_ROLES, AuditLogView


@hooks.register("register_log_actions")
def register_mamori_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return user_has_role(request.user, *AUDIT_ROLES)


@hooks.register("register_admin_urls")
def register_audit_log_urls():
    return [
        path("mamori/audit-log/", AuditLogView.as_view(), name="mamori_audit_log"),
        path("mamori/audit-log/results/", AuditLogView.as_view(results_only=True), name="mamori_audit_log_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return AuditLogMenuItem(
        _("Audit log"), reverse("mamori_audit_log"), name="mamori-audit-log", icon_name="history", order=60
    )
