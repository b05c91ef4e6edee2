from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    label = "pledges"
    verbose_name = _("Pledges")

    def ready(self):
        from lms.audit.actions import audit_actions_register
        from lms.organisation.events import leaving_dates_changed

        from . import receivers
        from .audit import PLEDGE_ACTIONS

        audit_actions_register(PLEDGE_ACTIONS)
        leaving_dates_changed.connect(receivers.on_leaving_dates_changed, dispatch_uid="pledges.leaving_cases")
