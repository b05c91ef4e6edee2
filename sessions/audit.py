"""The audit actions the sessions app writes (registered in ``SessionsConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def _action(label) -> tuple:
    return (label, label)


SESSION_ACTIONS = {
    "mamori.session.schedule": _action(_("Session scheduled")),
    "mamori.session.update": _action(_("Session changed")),
    "mamori.session.cancel": _action(_("Session cancelled")),
    "mamori.session.close": _action(_("Session closed")),
    "mamori.session.attendee_add": _action(_("Attendees added to a session")),
    "mamori.session.attendee_remove": _action(_("Attendee removed from a session")),
    "mamori.session.check_in": _action(_("Checked in to a session")),
    "mamori.session.check_in_undo": _action(_("Check-in undone")),
    "mamori.session.scan": _action(_("Session scan attached")),
    "mamori.session.code_renew": _action(_("Session check-in code renewed")),
    "mamori.clause_recording.upload": _action(_("Pledge clause recording uploaded")),
    "mamori.clause_recording.delete": _action(_("Pledge clause recording removed")),
}
