"""Learner reminders: due soon once, overdue once per interval, never twice for one event, in the
learner's language, nothing mailed to people without an address."""

import datetime
import smtplib

import pytest
from babel.dates import format_date
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError
from django.utils import translation
from wagtail.models import Locale

from lms.home.models import HomePage
from lms.notifications.models import NotificationLog
from lms.notifications.selectors import reminder_settings
from lms.notifications.services import learner_reminders_send
from lms.notifications.tasks import learner_reminders_send as learner_reminders_task
from lms.training.models import Assignment, TrainingMethod
from lms.training.services import completion_record
from tests.notifications.conftest import DUE

DAY = datetime.timedelta(days=1)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_due_soon_reminder_goes_once_to_each_learner_with_an_address(reminded, people):
    assert learner_reminders_send(on=DUE - 15 * DAY).sent == 0  # more than 14 days before
    assert mail.outbox == []

    report = learner_reminders_send(on=DUE - 14 * DAY)
    assert (report.sent, report.failed, report.without_address) == (2, 0, 2)
    assert recipients() == ["aoki@example.com", "baba@example.com"]
    aoki = next(m for m in mail.outbox if m.to == ["aoki@example.com"])
    assert aoki.from_email == "Mamori <mamori@localhost>"
    with translation.override("ja"):
        subject = translation.gettext("Reminder: your training “%(course)s” is due on %(due_date)s")
    assert aoki.subject == subject % {"course": "C", "due_date": "2026年10月31日"}
    assert "Awareness 2026" in aoki.body
    assert "http://localhost:8000/ja/my-training/" in aoki.body
    html, mimetype = aoki.alternatives[0]
    assert mimetype == "text/html" and 'href="http://localhost:8000/ja/my-training/"' in html

    log = NotificationLog.objects.get(address="aoki@example.com")
    assert (log.kind, log.status, log.employee, log.language) == ("due_soon", "sent", people["a1"], "ja")
    assert log.event_key == f"due_soon:{log.assignment_id}:2026-10-31"
    assert log.sent_at is not None and log.subject == aoki.subject

    # The next days, and the due date itself, send nothing more.
    for on in (DUE - 13 * DAY, DUE - 1 * DAY, DUE):
        report = learner_reminders_send(on=on)
        assert (report.sent, report.already_handled) == (0, 2)
    assert len(mail.outbox) == 2
    assert NotificationLog.objects.count() == 2


def test_a_retried_or_doubled_task_sends_nothing_new(reminded):
    first = learner_reminders_task.apply(kwargs={"on": (DUE - 3 * DAY).isoformat()}).get()
    assert first["sent"] == 2
    again = learner_reminders_task.apply(kwargs={"on": DUE - 3 * DAY}).get()
    assert (again["sent"], again["already_handled"]) == (0, 2)
    assert len(mail.outbox) == 2


def test_an_event_claimed_by_another_run_is_not_sent(reminded, people):
    """Two workers at once: the unique event key lets only one of them claim the row."""
    assignment = Assignment.objects.get(employee=people["a1"])
    NotificationLog.objects.create(
        event_key=f"due_soon:{assignment.pk}:2026-10-31",
        kind="due_soon",
        status="sending",
        address="aoki@example.com",
        language="ja",
        subject="(being sent by another worker)",
    )
    report = learner_reminders_send(on=DUE - 5 * DAY)
    assert (report.sent, report.already_handled) == (1, 1)
    assert recipients() == ["baba@example.com"]
    with pytest.raises(IntegrityError):
        NotificationLog.objects.create(
            event_key=f"due_soon:{assignment.pk}:2026-10-31", kind="due_soon", address="x@example.com"
        )


def test_overdue_reminders_repeat_only_after_the_interval(reminded):
    def sent_on(on):
        return learner_reminders_send(on=on).sent

    assert sent_on(DUE - 2 * DAY) == 2  # due soon
    assert sent_on(DUE + DAY) == 2  # overdue, first window
    overdue = [m for m in mail.outbox if m.to == ["aoki@example.com"]][-1]
    assert "2026年10月31日" in overdue.subject
    assert [sent_on(DUE + n * DAY) for n in range(2, 8)] == [0] * 6  # days 2..7: same window
    assert sent_on(DUE + 8 * DAY) == 2  # a week after the first overdue reminder
    assert sent_on(DUE + 9 * DAY) == 0
    kinds = list(
        NotificationLog.objects.filter(address="aoki@example.com").order_by("pk").values_list("kind", "event_key")
    )
    assignment_id = NotificationLog.objects.filter(address="aoki@example.com").first().assignment_id
    assert kinds == [
        ("due_soon", f"due_soon:{assignment_id}:2026-10-31"),
        ("overdue", f"overdue:{assignment_id}:2026-10-31:0"),
        ("overdue", f"overdue:{assignment_id}:2026-10-31:1"),
    ]

    settings_row = reminder_settings()
    settings_row.overdue_repeat_days = 3
    settings_row.save()
    assert sent_on(DUE + 10 * DAY) == 2  # day 10 opens the fourth three-day window


def test_completed_assignments_and_leavers_are_not_reminded(reminded, people, trainer):
    completion_record(
        assignment=Assignment.objects.get(employee=people["a1"]),
        method=TrainingMethod.ELEARNING,
        completed_on=DUE - 20 * DAY,
        recorded_by=trainer,
        evidence_kind="quiz_attempt",
    )
    people["b1"].leaving_date = DUE - 10 * DAY
    people["b1"].save()
    report = learner_reminders_send(on=DUE - 5 * DAY)
    assert (report.sent, report.without_address) == (0, 2)
    assert mail.outbox == []


def test_nothing_is_sent_while_reminders_are_off(reminded):
    settings_row = reminder_settings()
    settings_row.enabled = False
    settings_row.save()
    assert learner_reminders_send(on=DUE + DAY).sent == 0
    assert mail.outbox == [] and not NotificationLog.objects.exists()


def test_a_failed_send_is_logged_and_sent_by_the_next_run(reminded, monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("relay went away")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    report = learner_reminders_send(on=DUE + DAY)
    assert (report.sent, report.failed) == (0, 2)
    failed = NotificationLog.objects.get(address="aoki@example.com")
    assert (failed.status, failed.error, failed.sent_at) == ("failed", "relay went away", None)

    monkeypatch.undo()
    report = learner_reminders_send(on=DUE + 2 * DAY)  # the same overdue window
    assert (report.sent, report.failed) == (2, 0)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error) == ("sent", 2, "")
    assert NotificationLog.objects.count() == 2
    assert learner_reminders_send(on=DUE + 3 * DAY).sent == 0


def test_a_vietnamese_learner_reads_the_course_and_the_date_in_vietnamese(reminded, course, people):
    vietnamese = Locale.objects.get_or_create(language_code="vi")[0]
    home = HomePage.objects.get(depth=2)
    home.copy_for_translation(vietnamese).save_revision().publish()
    translation = course.copy_for_translation(vietnamese)
    translation.title = "Khóa học bảo mật"
    translation.save_revision().publish()

    learner_reminders_send(on=DUE - 7 * DAY)
    message = next(m for m in mail.outbox if m.to == ["baba@example.com"])
    date = format_date(DUE, format="long", locale="vi")
    assert date != format_date(DUE, format="long", locale="ja")
    for text in (message.subject, message.body, message.alternatives[0][0]):
        assert "Khóa học bảo mật" in text
        assert date in text
    assert "http://localhost:8000/vi/my-training/" in message.body
    assert '<html lang="vi">' in message.alternatives[0][0]
    assert NotificationLog.objects.get(address="baba@example.com").language == "vi"
    japanese = next(m for m in mail.outbox if m.to == ["aoki@example.com"])
    assert "「C」" in japanese.subject and "Khóa học" not in japanese.body


@pytest.mark.parametrize("language", ["ja", "en", "pt-br", "vi", "zh-hans", "fil", "id"])
def test_each_language_reads_the_reminder_in_its_own_words(reminded, people, language):
    from django.conf import settings

    from lms.i18n.formatting import locale_date

    people["b1"].preferred_language = language
    people["b1"].save()
    learner_reminders_send(on=DUE - 7 * DAY)
    message = next(m for m in mail.outbox if m.to == ["baba@example.com"])
    with translation.override(language):
        expected = translation.gettext("Reminder: your training “%(course)s” is due on %(due_date)s") % {
            "course": "C",
            "due_date": locale_date(DUE, fmt="long", language=language),
        }
        greeting = translation.gettext("Hello %(name)s,") % {"name": people["b1"].full_name}
    assert message.subject == expected
    assert greeting in message.body
    if language != settings.LANGUAGE_CODE and language != "en":
        # A real translation, not the English or the Japanese falling through.
        with translation.override("ja"):
            assert message.subject != translation.gettext(
                "Reminder: your training “%(course)s” is due on %(due_date)s"
            ) % {
                "course": "C",
                "due_date": locale_date(DUE, fmt="long", language="ja"),
            }
        assert "Reminder: your training" not in message.subject
