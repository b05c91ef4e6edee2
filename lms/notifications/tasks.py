"""The two scheduled tasks (django-celery-beat entries kept by ``services.reminder_schedule_sync``).

Each takes the day to act for (a ``date`` or its ISO text, as a JSON message carries it; today when
omitted, as beat calls them) and returns what it did. Sending twice is harmless: see ``services``.
"""

import datetime

from celery import shared_task
from django.utils import timezone

from . import services


def _day(on: datetime.date | str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(on) if isinstance(on, str) else on


@shared_task(acks_late=True)
def learner_reminders_send(on: datetime.date | str | None = None) -> dict:
    """Daily: due-soon and overdue reminders to learners with an e-mail address. A failed message is
    tried again by the next day's run (same event, still current)."""
    return vars(services.learner_reminders_send(on=_day(on)))


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=3600)
def manager_digests_send(self, on: datetime.date | str | None = None) -> dict:
    """Weekly: one digest per manager, manager's manager and secretariat member. The run is retried an
    hour later while some digests failed (those already sent are not sent again)."""
    day = _day(on) or timezone.localdate()  # a retry after midnight still sends this week's digests
    report = services.manager_digests_send(on=day)
    if report.failed and self.request.retries < self.max_retries and not self.request.is_eager:
        raise self.retry(kwargs={"on": day.isoformat()})
    return vars(report)
