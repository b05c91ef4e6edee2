"""The Sessions admin menu and URLs, and the learner's notice of the sessions they are invited to."""

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from lms.accounts.models import Role
from lms.accounts.selectors import user_has_role
from lms.home.panels import DASHBOARD_ACTIONS_HOOK, ActionItem
from lms.i18n.formatting import locale_datetime
from lms.learning.views import MY_TRAINING_NOTICES_HOOK

from .selectors import assignments_awaiting_session, sessions_of_employee
from .views import documents, read_aloud, recordings, sessions, slides

ADMIN_MODULES = (sessions, documents, read_aloud, recordings, slides)


@hooks.register("register_admin_urls")
def register_session_admin_urls():
    patterns = [pattern for module in ADMIN_MODULES for pattern in module.admin_urlpatterns]
    return [path("mamori/sessions/", include((patterns, "sessions_admin")))]


@hooks.register("register_admin_menu_item")
def register_sessions_menu():
    items = [item for module in ADMIN_MODULES for item in module.menu_items()]
    return SubmenuMenuItem(gettext_lazy("Sessions"), Menu(items=items), name="sessions", icon_name="group", order=730)


@hooks.register(MY_TRAINING_NOTICES_HOOK)
def invited_sessions_notice(request, employee):
    """The sessions the learner is invited to, still to come or running (no link: the check-in code is
    shown in the room, so that checking in means being there)."""
    seats = sessions_of_employee(employee=employee).filter(session__ends_at__gte=timezone.now())
    return [
        (
            _("You are invited to %(title)s on %(when)s at %(place)s. Scan the code shown in the room to check in.")
            % {
                "title": seat.session.title,
                "when": locale_datetime(seat.session.starts_at, fmt="short"),
                "place": seat.session.place,
            },
            "",
            "",
        )
        for seat in seats
    ]


@hooks.register(DASHBOARD_ACTIONS_HOOK)
def sessions_to_schedule_action(request) -> list[ActionItem]:
    """The secretariat (every unit) and HR (their units): people a classroom or read-aloud session is
    still to be scheduled for."""
    if not user_has_role(request.user, Role.TRAINER, Role.HR):
        return []
    count = assignments_awaiting_session(user=request.user, on=timezone.localdate()).count()
    if not count:
        return []
    return [
        ActionItem(
            label=_("People waiting for a session to be scheduled"), count=count, url=reverse("sessions_admin:list")
        )
    ]
