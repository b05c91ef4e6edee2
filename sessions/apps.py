from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """Classroom lectures and read-aloud pledge sessions.

    The label is not "sessions": Django's own session app holds that one.
    """

    name = "sessions"
    label = "training_sessions"
    verbose_name = _("Sessions")

    def ready(self):
        from lms.audit.actions import audit_actions_register

        from .audit import SESSION_ACTIONS

        audit_actions_register(SESSION_ACTIONS)
