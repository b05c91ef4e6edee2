from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "lms.notifications"
    label = "notifications"
    verbose_name = _("Reminders and notifications")

    def ready(self):
        from lms.audit.actions import audit_actions_register

        from .models import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
