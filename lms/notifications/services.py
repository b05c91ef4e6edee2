"""Changing the reminder settings and their beat schedule; sending learner reminders and manager digests.

Sending is at most once per event. Each message has an event key (``NotificationLog.event_key``,
unique). The log row is claimed first, in its own committed transaction, before the message is
handed to the e-mail backend; then it is marked SENT, or FAILED with the error. So a task retried,
run twice, or run by two workers at once sends nothing twice: the second run finds the row. A FAILED
row is taken over by the next run that meets the same event (one conditional UPDATE, so only one run
retries it) while the event is still current: the same due-soon period or overdue window, the same
week for a digest. A worker killed between the claim and the send leaves the row SENDING and it is
never retried, because the message may have left: a missed reminder is preferred to a double one.

Must not run inside an outer transaction (the claim has to be visible to other runs before the send).
"""

import datetime
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from lms.audit.services import audited_update
from lms.i18n.formatting import locale_date

from .models import NotificationLog, ReminderSettings
from .selectors import (
    AssignmentStatus,
    Digest,
    DigestRow,
    LearnerReminder,
    course_title_in,
    course_titles,
    digests_plan,
    events_already_handled,
    learner_reminders_due,
    reminder_settings,
    staff_languages,
)

logger = logging.getLogger("mamori.notifications")

SETTINGS_FIELDS = (
    "enabled",
    "due_soon_days",
    "overdue_repeat_days",
    "escalate_to_manager_days",
    "escalate_to_secretariat_days",
    "learner_hour",
    "digest_weekday",
    "digest_hour",
)
# The two beat entries ``reminder_schedule_sync`` keeps, by name, with the Celery task each runs.
LEARNER_REMINDERS_TASK = ("mamori: learner reminders", "lms.notifications.tasks.learner_reminders_send")
MANAGER_DIGESTS_TASK = ("mamori: weekly manager digests", "lms.notifications.tasks.manager_digests_send")
_CHUNK = 500


# --- Settings and schedule ------------------------------------------------------------------------


def reminder_settings_update(*, actor, **values: Any) -> dict[str, list]:
    """Change the settings (validated, audited) and rewrite the beat schedule in the same transaction.

    Returns ``{field: [old, new]}``; empty when nothing changed (the schedule is still re-synced).
    """
    current = reminder_settings()
    with transaction.atomic():
        changes = audited_update(
            current, actor=actor, action="mamori.reminders.settings_update", values=values, fields=SETTINGS_FIELDS
        )
        reminder_schedule_sync(current=current)
    return changes


def reminder_schedule_sync(*, current: ReminderSettings | None = None) -> tuple[PeriodicTask, PeriodicTask]:
    """Create or update the two ``PeriodicTask`` rows of django-celery-beat from the settings: the learner
    reminders every day at ``learner_hour``, the digests on ``digest_weekday`` at ``digest_hour``, both on
    the hour in ``settings.TIME_ZONE`` and disabled while reminders are off. Idempotent."""
    current = current or reminder_settings()
    with transaction.atomic():
        learner = _periodic_task_set(
            *LEARNER_REMINDERS_TASK, hour=current.learner_hour, day_of_week="*", enabled=current.enabled
        )
        digest = _periodic_task_set(
            *MANAGER_DIGESTS_TASK,
            hour=current.digest_hour,
            day_of_week=str(current.digest_weekday),
            enabled=current.enabled,
        )
    return learner, digest


def _periodic_task_set(name: str, task: str, *, hour: int, day_of_week: str, enabled: bool) -> PeriodicTask:
    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour=str(hour),
        day_of_week=day_of_week,
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    periodic = PeriodicTask.objects.filter(name=name).first() or PeriodicTask(name=name)
    wanted = {"task": task, "crontab": schedule, "interval": None, "solar": None, "clocked": None, "enabled": enabled}
    if periodic.pk is None or any(getattr(periodic, key) != value for key, value in wanted.items()):
        for key, value in wanted.items():
            setattr(periodic, key, value)
        periodic.save()  # django-celery-beat tells the running beat that its schedule changed
    return periodic


# --- Sending, at most once per event ---------------------------------------------------------------


@dataclass
class SendReport:
    """What one run did: messages sent, failed, skipped because already handled, and reminders that
    could not be mailed for lack of an address (those people see them on My training)."""

    sent: int = 0
    failed: int = 0
    already_handled: int = 0
    without_address: int = 0


@dataclass(frozen=True)
class _Message:
    event_key: str
    kind: str
    address: str
    language: str
    subject: str
    text: str
    html: str
    log_fields: dict


def _claim(message: _Message) -> NotificationLog | None:
    """The event's log row, now SENDING for this run; None when another run sent it or is sending it."""
    fields = {
        "kind": message.kind,
        "address": message.address,
        "language": message.language,
        "subject": message.subject[:255],
        **message.log_fields,
    }
    try:
        with transaction.atomic():
            return NotificationLog.objects.create(
                event_key=message.event_key, status=NotificationLog.Status.SENDING, **fields
            )
    except IntegrityError:
        pass
    taken = NotificationLog.objects.filter(event_key=message.event_key, status=NotificationLog.Status.FAILED).update(
        status=NotificationLog.Status.SENDING, attempts=F("attempts") + 1, error="", **fields
    )
    return NotificationLog.objects.get(event_key=message.event_key) if taken else None


def _deliver(message: _Message, *, connection, report: SendReport) -> None:
    log = _claim(message)
    if log is None:
        report.already_handled += 1
        return
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        connection=connection,
    )
    email.attach_alternative(message.html, "text/html")
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as error:
        log.status, log.error = NotificationLog.Status.FAILED, str(error)[:500]
        log.save(update_fields=["status", "error"])
        report.failed += 1
        logger.warning("Notification %s to %s failed: %s", message.event_key, message.address, error)
        return
    log.status, log.sent_at = NotificationLog.Status.SENT, timezone.now()
    log.save(update_fields=["status", "sent_at"])
    report.sent += 1


def _render(template: str, context: dict, *, language: str) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of ``notifications/email/<template>*`` in ``language``."""
    with translation.override(language):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    return " ".join(subject.split()), text, html


def _absolute(url_name: str, *, language: str) -> str:
    """The public address of a page, in ``language`` for the learner pages (their URLs carry it)."""
    with translation.override(language):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(url_name)


def _with_connection(send: Callable[[Any], SendReport]) -> SendReport:
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError):
        # Each message opens it again and records its own failure.
        logger.warning("The e-mail backend could not be reached; trying message by message.")
    try:
        return send(connection)
    finally:
        connection.close()


# --- Learner reminders -----------------------------------------------------------------------------


def learner_reminders_send(*, on: datetime.date | None = None) -> SendReport:
    """E-mail every learner due a reminder on ``on`` (today by default) in their preferred language.

    Who is due what is ``selectors.learner_reminder_for``. People without an address are counted in
    ``without_address`` and mailed nothing; they see the reminder on My training. Nothing happens while
    reminders are off.
    """
    on = on or timezone.localdate()
    current = reminder_settings()
    report = SendReport()
    if not current.enabled:
        return report

    def send(connection) -> SendReport:
        batch: list[LearnerReminder] = []
        for reminder in learner_reminders_due(on=on, current=current):
            if not reminder.assignment.employee.email:
                report.without_address += 1
                continue
            batch.append(reminder)
            if len(batch) >= _CHUNK:
                _learner_batch_send(batch, connection=connection, report=report)
                batch = []
        _learner_batch_send(batch, connection=connection, report=report)
        return report

    return _with_connection(send)


def _learner_batch_send(reminders: list[LearnerReminder], *, connection, report: SendReport) -> None:
    if not reminders:
        return
    handled = events_already_handled(r.event_key for r in reminders)
    report.already_handled += sum(1 for r in reminders if r.event_key in handled)
    pending = [r for r in reminders if r.event_key not in handled]
    titles = course_titles(course_keys={r.assignment.campaign.course.translation_key for r in pending})
    for reminder in pending:
        _deliver(learner_reminder_message(reminder, titles=titles), connection=connection, report=report)


def learner_reminder_message(reminder: LearnerReminder, *, titles: dict) -> _Message:
    """The reminder as its learner reads it, in their preferred language."""
    employee, campaign = reminder.assignment.employee, reminder.assignment.campaign
    language = employee.preferred_language
    context = {
        "name": employee.full_name,
        "course": course_title_in(titles, campaign=campaign, language=language),
        "campaign": campaign.name,
        "due_date": locale_date(reminder.due_date, fmt="long", language=language),
        "overdue": reminder.kind == NotificationLog.Kind.OVERDUE,
        "days_overdue": reminder.days_overdue,
        "url": _absolute("learning:my_training", language=language),
    }
    subject, text, html = _render("learner_reminder", context, language=language)
    return _Message(
        event_key=reminder.event_key,
        kind=reminder.kind,
        address=employee.email,
        language=language,
        subject=subject,
        text=text,
        html=html,
        log_fields={
            "employee": employee,
            "assignment": reminder.assignment,
            "details": {"due_date": reminder.due_date.isoformat(), "days_overdue": reminder.days_overdue},
        },
    )


# --- Manager digests ------------------------------------------------------------------------------


def digest_event_key(*, user, on: datetime.date) -> str:
    """One digest per recipient per ISO week."""
    year, week, _day = on.isocalendar()
    return f"digest:{user.pk}:{year}-W{week:02d}"


def manager_digests_send(*, on: datetime.date | None = None) -> SendReport:
    """Send the week's digests (``selectors.digests_plan``), one per recipient with all their sections.

    Recipients are staff users, mailed at ``user.email`` in their language (``staff_languages``); one
    without an address is counted in ``without_address``. Nothing happens while reminders are off.
    """
    on = on or timezone.localdate()
    current = reminder_settings()
    report = SendReport()
    if not current.enabled:
        return report
    digests = digests_plan(on=on, current=current)
    report.without_address = sum(1 for digest in digests if not digest.user.email)
    digests = [digest for digest in digests if digest.user.email]
    languages = staff_languages(digest.user for digest in digests)
    handled = events_already_handled(digest_event_key(user=d.user, on=on) for d in digests)
    keys = {
        row.assignment.campaign.course.translation_key
        for digest in digests
        if digest_event_key(user=digest.user, on=on) not in handled
        for row in (*digest.own, *digest.escalated, *digest.secretariat)
    }
    titles = course_titles(course_keys=keys)

    def send(connection) -> SendReport:
        for digest in digests:
            if digest_event_key(user=digest.user, on=on) in handled:
                report.already_handled += 1
                continue
            message = manager_digest_message(
                digest, on=on, current=current, language=languages[digest.user.pk], titles=titles
            )
            _deliver(message, connection=connection, report=report)
        return report

    return _with_connection(send)


def _digest_rows(rows: list[DigestRow], *, language: str, titles: dict) -> list[dict]:
    """Rows formatted for the reader (call inside ``translation.override``)."""
    formatted = []
    for row in rows:
        employee, campaign = row.assignment.employee, row.assignment.campaign
        formatted.append(
            {
                "name": employee.full_name,
                "number": employee.number,
                "unit": employee.unit.name,
                "campaign": campaign.name,
                "course": course_title_in(titles, campaign=campaign, language=language),
                "due_date": locale_date(campaign.due_date, language=language),
                "status": str(AssignmentStatus.LABELS[row.status]),
                "overdue": row.status == AssignmentStatus.OVERDUE,
                "days_overdue": row.days_overdue,
                "has_email": bool(employee.email),
                "managers": ", ".join(user.get_full_name() or user.get_username() for user in row.managers),
            }
        )
    return formatted


def manager_digest_message(
    digest: Digest, *, on: datetime.date, current: ReminderSettings, language: str, titles: dict
) -> _Message:
    """The digest as its recipient reads it, in ``language``."""
    rows = (*digest.own, *digest.escalated, *digest.secretariat)
    with translation.override(language):
        context = {
            "name": digest.user.get_full_name() or digest.user.get_username(),
            "week_of": locale_date(on, fmt="long", language=language),
            "own": _digest_rows(digest.own, language=language, titles=titles),
            "escalated": _digest_rows(digest.escalated, language=language, titles=titles),
            "secretariat": _digest_rows(digest.secretariat, language=language, titles=titles),
            "manager_days": current.escalate_to_manager_days,
            "secretariat_days": current.escalate_to_secretariat_days,
            "people": len({row.assignment.employee_id for row in rows}),
            "without_email": any(not row.assignment.employee.email for row in rows),
            "url": _absolute("wagtailadmin_home", language=language),
        }
    subject, text, html = _render("manager_digest", context, language=language)
    return _Message(
        event_key=digest_event_key(user=digest.user, on=on),
        kind=NotificationLog.Kind.DIGEST,
        address=digest.user.email,
        language=language,
        subject=subject,
        text=text,
        html=html,
        log_fields={"user": digest.user, "details": {"week_of": on.isoformat(), **digest.counts}},
    )
