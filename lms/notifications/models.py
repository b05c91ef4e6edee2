"""Reminder settings (one row, edited by the secretariat) and the log of every notification sent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "mamori.reminders.settings_update": (_("Reminder settings changed"), _("Reminder settings changed")),
}


class Weekday(models.IntegerChoices):
    """Days numbered as cron numbers them (0 is Sunday), the values ``CrontabSchedule.day_of_week`` takes."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 0, _("Sunday")


_HOUR = [MinValueValidator(0), MaxValueValidator(23)]
_DAYS = [MinValueValidator(1), MaxValueValidator(365)]


class ReminderSettings(models.Model):
    """When learners are reminded and when managers' digests escalate. One row (pk 1), read through
    ``selectors.reminder_settings`` and changed only by ``services.reminder_settings_update``, which also
    rewrites the Celery beat schedule from it."""

    SINGLETON_PK = 1

    enabled = models.BooleanField(
        _("send reminders"),
        default=True,
        help_text=_("Off: no reminder, notice or digest until it is switched on again."),
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("days before the due date to remind learners"), default=14, validators=_DAYS
    )
    overdue_repeat_days = models.PositiveSmallIntegerField(
        _("days between two reminders to an overdue learner"), default=7, validators=_DAYS
    )
    escalate_to_manager_days = models.PositiveSmallIntegerField(
        _("days overdue before the digest goes to the manager's manager"), default=14, validators=_DAYS
    )
    escalate_to_secretariat_days = models.PositiveSmallIntegerField(
        _("days overdue before the digest goes to the secretariat"), default=28, validators=_DAYS
    )
    learner_hour = models.PositiveSmallIntegerField(
        _("hour of the daily learner reminders"),
        default=8,
        validators=_HOUR,
        help_text=_("0–23, in the server's time zone."),
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("day of the weekly manager digest"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("hour of the weekly manager digest"),
        default=7,
        validators=_HOUR,
        help_text=_("0–23, in the server's time zone."),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="one_reminder_settings_row")]

    def __str__(self) -> str:
        return str(_("Reminder settings"))

    def clean(self) -> None:
        if (
            self.escalate_to_manager_days
            and self.escalate_to_secretariat_days
            and self.escalate_to_secretariat_days < self.escalate_to_manager_days
        ):
            raise ValidationError(
                {
                    "escalate_to_secretariat_days": _(
                        "The secretariat is told after the manager's manager: use at least %(days)d days."
                    )
                    % {"days": self.escalate_to_manager_days}
                }
            )


class NotificationLog(models.Model):
    """One message for one event: what, to whom, when, and whether it went out.

    ``event_key`` names the event (``due_soon:<assignment>:<due date>``,
    ``overdue:<assignment>:<due date>:<window>``, ``digest:<user>:<ISO week>``) and is unique: the row
    is claimed before the message is sent, so a retried or doubled run finds it and sends nothing.
    The sending services (``services``) explain what happens to a failed send.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        DIGEST = "digest", _("Weekly digest")

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    event_key = models.CharField(_("event"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SENDING)
    employee = models.ForeignKey(
        "organisation.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee"),
    )
    assignment = models.ForeignKey(
        "training.Assignment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    address = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    details = models.JSONField(_("details"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notification log")
        constraints = [models.UniqueConstraint(fields=["event_key"], name="one_notification_per_event")]
        indexes = [models.Index(fields=["kind", "-created_at"], name="notification_kind_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.address} ({self.get_status_display()})"
