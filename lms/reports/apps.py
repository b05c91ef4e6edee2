from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lms.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from lms.audit.actions import audit_actions_register

        from .models import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
