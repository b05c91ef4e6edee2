"""The reminder settings screen (secretariat and administrators), the notification log (with auditors),
the beat schedule it writes, and the reminder notice on My training."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_celery_beat.models import PeriodicTask
from wagtail.models import ModelLogEntry

from lms.i18n.formatting import locale_date
from lms.notifications.models import NotificationLog, ReminderSettings
from lms.notifications.selectors import reminder_settings
from lms.notifications.services import LEARNER_REMINDERS_TASK, MANAGER_DIGESTS_TASK
from lms.training.models import Campaign
from lms.training.services import campaign_launch
from tests.notifications.conftest import learner
from tests.refusals import assert_forbidden, nothing_changes

pytestmark = pytest.mark.django_db

SETTINGS_URL = "notifications:settings"
FORM = {
    "enabled": "on",
    "due_soon_days": "10",
    "overdue_repeat_days": "5",
    "escalate_to_manager_days": "7",
    "escalate_to_secretariat_days": "21",
    "learner_hour": "9",
    "digest_weekday": "3",
    "digest_hour": "6",
}


@pytest.fixture(autouse=True)
def _english(english_admin):
    """These tests read the admin's English interface strings."""


def schedule(name):
    task = PeriodicTask.objects.select_related("crontab").get(name=name)
    crontab = task.crontab
    return task.task, task.enabled, (crontab.minute, crontab.hour, crontab.day_of_week, str(crontab.timezone))


def test_a_fresh_install_has_both_beat_entries_and_the_command_is_idempotent(db):
    names = [LEARNER_REMINDERS_TASK[0], MANAGER_DIGESTS_TASK[0]]
    assert PeriodicTask.objects.filter(name__in=names).count() == 2  # the data migration made them
    PeriodicTask.objects.filter(name__in=names).delete()
    call_command("reminders_schedule_sync")
    call_command("reminders_schedule_sync")
    assert PeriodicTask.objects.filter(name__in=names).count() == 2
    assert schedule(LEARNER_REMINDERS_TASK[0]) == (
        "lms.notifications.tasks.learner_reminders_send",
        True,
        ("0", "8", "*", "Asia/Tokyo"),
    )
    assert schedule(MANAGER_DIGESTS_TASK[0]) == (
        "lms.notifications.tasks.manager_digests_send",
        True,
        ("0", "7", "1", "Asia/Tokyo"),
    )


def test_a_trainer_saves_the_settings_and_the_beat_schedule_follows(client, trainer):
    call_command("reminders_schedule_sync")
    client.force_login(trainer)
    page = client.get(reverse(SETTINGS_URL))
    assert page.status_code == 200
    assert "Days before the due date to remind learners" in page.content.decode()

    response = client.post(reverse(SETTINGS_URL), FORM)
    assert response.status_code == 302
    saved = reminder_settings()
    assert (saved.due_soon_days, saved.overdue_repeat_days, saved.learner_hour) == (10, 5, 9)
    assert (saved.escalate_to_manager_days, saved.escalate_to_secretariat_days) == (7, 21)
    assert schedule(LEARNER_REMINDERS_TASK[0])[2] == ("0", "9", "*", "Asia/Tokyo")
    assert schedule(MANAGER_DIGESTS_TASK[0])[2] == ("0", "6", "3", "Asia/Tokyo")
    entry = ModelLogEntry.objects.get(action="mamori.reminders.settings_update")
    assert entry.user == trainer
    assert entry.data["changes"]["due_soon_days"] == [14, 10]
    assert "saved" in client.get(reverse(SETTINGS_URL)).content.decode()

    # Switching reminders off disables both beat entries.
    client.post(reverse(SETTINGS_URL), {k: v for k, v in FORM.items() if k != "enabled"})
    assert [schedule(name)[1] for name, _task in (LEARNER_REMINDERS_TASK, MANAGER_DIGESTS_TASK)] == [False, False]


def test_an_administrator_may_save_the_settings(client, admin_user):
    client.force_login(admin_user)
    assert client.post(reverse(SETTINGS_URL), FORM).status_code == 302
    assert reminder_settings().digest_weekday == 3


def test_the_secretariat_threshold_may_not_come_before_the_managers(client, trainer):
    client.force_login(trainer)
    reminder_settings()
    with nothing_changes(ReminderSettings, PeriodicTask):
        response = client.post(reverse(SETTINGS_URL), {**FORM, "escalate_to_secretariat_days": "3"})
    assert response.status_code == 200
    assert "The secretariat is told after the manager&#x27;s manager: use at least 7 days." in (
        response.content.decode()
    )


@pytest.mark.parametrize("role", ["manager_a", "hr_a", "auditor"])
def test_other_roles_are_refused_the_settings(client, request, role):
    client.force_login(request.getfixturevalue(role))
    reminder_settings()
    with nothing_changes(ReminderSettings, PeriodicTask):
        assert_forbidden(client.get(reverse(SETTINGS_URL)))
        assert_forbidden(client.post(reverse(SETTINGS_URL), FORM))


def test_the_settings_menu_item_is_shown_to_the_secretariat_only(client, trainer, manager_a):
    client.force_login(trainer)
    assert reverse(SETTINGS_URL) in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(manager_a)
    assert reverse(SETTINGS_URL) not in client.get(reverse("wagtailadmin_home")).content.decode()


def _log(kind, address, **fields):
    return NotificationLog.objects.create(
        event_key=f"{kind}:{address}", kind=kind, status="sent", address=address, language="ja", **fields
    )


@pytest.mark.parametrize("role", ["trainer", "admin_user", "auditor"])
def test_the_log_lists_what_was_sent_newest_first_and_filters_by_kind(client, request, role, people):
    _log("due_soon", "first@example.com", employee=people["a1"], subject="Reminder: due soon")
    _log("digest", "boss@example.com", subject="Weekly summary")
    client.force_login(request.getfixturevalue(role))
    html = client.get(reverse("notifications:log")).content.decode()
    assert html.index("boss@example.com") < html.index("first@example.com")
    assert "Aoki Plant-A" in html and "Weekly digest" in html
    filtered = client.get(reverse("notifications:log"), {"kind": "due_soon"}).content.decode()
    assert "first@example.com" in filtered and "boss@example.com" not in filtered


@pytest.mark.parametrize("role", ["manager_a", "hr_a"])
def test_managers_and_hr_are_refused_the_log(client, request, role):
    _log("digest", "boss@example.com", subject="Weekly summary")
    client.force_login(request.getfixturevalue(role))
    for url in (reverse("notifications:log"), reverse("notifications:log_results")):
        response = client.get(url)
        assert_forbidden(response)
        assert "boss@example.com" not in response.content.decode()


def test_my_training_shows_the_reminder_to_a_learner_without_email(client, units, course, trainer):
    today = timezone.localdate()
    person = learner(unit=units["plant_a"], full_name="No Mail", email="")
    soon = Campaign.objects.create(name="Soon", course=course, fiscal_year=2026, due_date=today + datetime.timedelta(5))
    late = Campaign.objects.create(name="Late", course=course, fiscal_year=2025, due_date=today - datetime.timedelta(3))
    later = Campaign.objects.create(
        name="Later", course=course, fiscal_year=2027, due_date=today + datetime.timedelta(60)
    )
    for campaign in (soon, late, later):
        campaign_launch(campaign=campaign, actor=trainer, on=today - datetime.timedelta(30))
    client.force_login(person.user)
    with translation.override("en"):
        url = reverse("learning:my_training")
        html = client.get(url).content.decode()
        soon_date = locale_date(soon.due_date, fmt="long")
        late_date = locale_date(late.due_date, fmt="long")
    assert f"Your training “C” is due on {soon_date}." in html
    assert f"Your training “C” was due on {late_date}; it is overdue." in html
    assert html.count("Your training “C”") == 2  # not the one due in 60 days

    current = reminder_settings()
    current.enabled = False
    current.save()
    assert "Your training “C”" not in client.get(url).content.decode()
