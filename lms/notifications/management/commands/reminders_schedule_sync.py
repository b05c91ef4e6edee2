from django.core.management.base import BaseCommand

from lms.notifications.services import reminder_schedule_sync


class Command(BaseCommand):
    help = (
        "Create or update the Celery beat entries of the learner reminders and the manager digests from the "
        "reminder settings. Idempotent; run after migrate (scripts/start does)."
    )

    def handle(self, *args, **options):
        learner, digest = reminder_schedule_sync()
        for task in (learner, digest):
            state = "enabled" if task.enabled else "disabled"
            self.stdout.write(f"{task.name}: {task.crontab} ({state})")
