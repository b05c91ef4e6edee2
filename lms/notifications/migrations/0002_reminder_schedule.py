"""The reminder settings row and its two beat entries, so a fresh install reminds without a manual step:
learner reminders every day at 08:00, manager digests on Mondays at 07:00 (the model's defaults).

Creates only what is missing: a schedule the secretariat changed is left alone. Afterwards
``services.reminder_schedule_sync`` (the settings screen, ``manage.py reminders_schedule_sync``) keeps
the entries in line with the settings.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TASKS = (
    ("mamori: learner reminders", "lms.notifications.tasks.learner_reminders_send", "8", "*"),
    ("mamori: weekly manager digests", "lms.notifications.tasks.manager_digests_send", "7", "1"),
)


def schedule_create(apps, schema_editor):
    ReminderSettings = apps.get_model("notifications", "ReminderSettings")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    ReminderSettings.objects.get_or_create(pk=1)
    for name, task, hour, day_of_week in TASKS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _created = CrontabSchedule.objects.get_or_create(
            minute="0",
            hour=hour,
            day_of_week=day_of_week,
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, enabled=True)
    # A running beat re-reads its schedule when this changes (the model's save() does it outside migrations).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def schedule_delete(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_rest in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
