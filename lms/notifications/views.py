"""Admin screens: the reminder settings (secretariat and administrators) and the notification log
(secretariat, administrators and auditors)."""

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from lms.accounts.models import Role
from lms.accounts.permissions import RoleRequiredMixin

from .forms import ReminderSettingsForm
from .models import NotificationLog
from .selectors import reminder_settings
from .services import reminder_settings_update

SETTINGS_ROLES = (Role.TRAINER, Role.ADMIN)
LOG_ROLES = (Role.TRAINER, Role.ADMIN, Role.AUDITOR)


class ReminderSettingsView(RoleRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """Trainers (the secretariat) and administrators: when reminders go out and when digests escalate."""

    required_roles = SETTINGS_ROLES
    page_title = gettext_lazy("Reminders")
    header_icon = "mail"
    template_name = "notifications/admin/settings.html"
    form_class = ReminderSettingsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": reminder_settings()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "time_zone": settings.TIME_ZONE}

    def form_valid(self, form):
        try:
            changes = reminder_settings_update(actor=self.request.user, **form.service_values())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if changes:
            messages.success(self.request, _("The reminder settings were saved and the schedule updated."))
        else:
            messages.info(self.request, _("Nothing was changed."))
        return redirect("notifications:settings")


class NotificationLogFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=NotificationLog.Kind.choices)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=NotificationLog.Status.choices)
    created_at = django_filters.DateFromToRangeFilter(label=gettext_lazy("Date"), widget=DateRangePickerWidget)
    address = django_filters.CharFilter(label=gettext_lazy("Sent to"), lookup_expr="icontains")

    class Meta:
        model = NotificationLog
        fields = []


class NotificationLogView(RoleRequiredMixin, ReportView):
    """Trainers, administrators and auditors: every reminder and digest, newest first."""

    required_roles = LOG_ROLES
    page_title = gettext_lazy("Notification log")
    header_icon = "mail"
    template_name = "notifications/admin/log.html"
    results_template_name = "notifications/admin/log_results.html"
    index_url_name = "notifications:log"
    index_results_url_name = "notifications:log_results"
    filterset_class = NotificationLogFilterSet
    paginate_by = 50

    def get_queryset(self):
        return NotificationLog.objects.select_related("employee", "user").order_by("-created_at", "-pk")
