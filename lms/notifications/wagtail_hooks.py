"""The Reminders settings screen (Settings menu), the notification log (Reports menu) and the reminder
notices on My training."""

from django.urls import include, path, reverse_lazy
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from wagtail import hooks

from lms.accounts.menus import RoleMenuItem
from lms.i18n.formatting import locale_date
from lms.learning.views import MY_TRAINING_NOTICES_HOOK

from .models import NotificationLog
from .selectors import course_title_in, course_titles, reminder_notices_for
from .views import LOG_ROLES, SETTINGS_ROLES


@hooks.register("register_admin_urls")
def register_notification_urls():
    return [path("mamori/reminders/", include("lms.notifications.urls"))]


@hooks.register("register_settings_menu_item")
def register_reminder_settings_menu_item():
    return RoleMenuItem(
        gettext_lazy("Reminders"),
        reverse_lazy("notifications:settings"),
        name="mamori-reminders",
        icon_name="mail",
        order=600,
        roles=SETTINGS_ROLES,
    )


@hooks.register("register_reports_menu_item")
def register_notification_log_menu_item():
    return RoleMenuItem(
        gettext_lazy("Notification log"),
        reverse_lazy("notifications:log"),
        name="mamori-notification-log",
        icon_name="mail",
        order=70,
        roles=LOG_ROLES,
    )


@hooks.register(MY_TRAINING_NOTICES_HOOK)
def training_due_notices(request, employee):
    """Due soon or overdue, for every learner (with or without e-mail): the reminder is the state."""
    reminders = reminder_notices_for(employee=employee, on=timezone.localdate())
    if not reminders:
        return []
    language = get_language()
    titles = course_titles(course_keys={r.assignment.campaign.course.translation_key for r in reminders})
    notices = []
    for reminder in reminders:
        values = {
            "course": course_title_in(titles, campaign=reminder.assignment.campaign, language=language),
            "date": locale_date(reminder.due_date, fmt="long"),
        }
        if reminder.kind == NotificationLog.Kind.OVERDUE:
            message = _("Your training “%(course)s” was due on %(date)s; it is overdue.") % values
        else:
            message = _("Your training “%(course)s” is due on %(date)s.") % values
        notices.append((message, "", ""))
    return notices
