"""The audit log for auditors and administrators: Mamori and Wagtail entries, newest first."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from lms.accounts.models import Role
from lms.accounts.permissions import RoleRequiredMixin

AUDIT_ROLES = (Role.AUDITOR, Role.ADMIN)
AUDITED_PREFIXES = ("mamori.", "wagtail.")


def audited_entries():
    condition = Q()
    for prefix in AUDITED_PREFIXES:
        condition |= Q(action__startswith=prefix)
    return ModelLogEntry.objects.filter(condition)


def _action_choices():
    return [(code, label) for code, label in log_action_registry.get_choices() if code.startswith(AUDITED_PREFIXES)]


def _users_with_entries(request):
    user_ids = audited_entries().exclude(user_id__isnull=True).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids).order_by("username")


class AuditLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=_action_choices)
    user = django_filters.ModelChoiceFilter(label=_("User"), queryset=_users_with_entries)
    timestamp = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    label = django_filters.CharFilter(label=_("Object"), lookup_expr="icontains")

    class Meta:
        model = ModelLogEntry
        fields = []


class AuditLogView(RoleRequiredMixin, ReportView):
    """Auditors and administrators: who did what, when, with the recorded changes."""

    required_roles = AUDIT_ROLES
    page_title = _("Audit log")
    header_icon = "history"
    template_name = "mamori_admin/audit_log.html"
    results_template_name = "mamori_admin/audit_log_results.html"
    index_url_name = "mamori_audit_log"
    index_results_url_name = "mamori_audit_log_results"
    filterset_class = AuditLogFilterSet
    paginate_by = 50

    def get_queryset(self):
        return audited_entries().select_related("user", "content_type").order_by("-timestamp", "-pk")

    def decorate_paginated_queryset(self, object_list):
        entries = list(object_list)
        for entry in entries:
            entry.action_label = log_action_registry.get_action_label(entry.action)
            data = entry.data or {}
            entry.changes = data.get("changes") if isinstance(data.get("changes"), dict) else None
            entry.details = {k: v for k, v in data.items() if k != "changes"}
        return entries


class GuardedSiteHistoryView(RoleRequiredMixin, LogEntriesView):
    """Wagtail's site history, limited to auditors and administrators.

    Wagtail shows it to anyone holding a model permission on the logged
    content type, which would let a manager read other units' employee
    entries; Mamori's audit readers are the auditors and administrators.
    """

    required_roles = AUDIT_ROLES


site_history = require_admin_access(GuardedSiteHistoryView.as_view())
site_history_results = require_admin_access(GuardedSiteHistoryView.as_view(results_only=True))
