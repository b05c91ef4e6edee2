"""What training tells the rest of the platform: a completion was recorded, or corrected.

One mechanism for every subscriber: Django signals, sent only after the transaction that wrote the
record commits, so a rolled-back completion is never announced. Domain apps (certificates now;
pledges and notifications later) connect receivers in their ``AppConfig.ready``; training imports
none of them.

``completion_recorded``  kwargs: ``completion_id`` (a current record, never a correction row).
``completion_corrected`` kwargs: ``correction_id`` (the new row), ``corrected_id`` (the row it
                         replaces), ``void`` (True: the completion is withdrawn), ``reason``,
                         ``actor_id`` (the user who made the correction).

Receivers run with ``send_robust``: a failing subscriber is logged with its traceback and does
not undo the completion, which is already committed evidence, nor stop the other subscribers.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger("mamori.events")

completion_recorded = Signal()
completion_corrected = Signal()


def publish_on_commit(signal: Signal, *, sender, **kwargs) -> None:
    """Send ``signal`` once the current transaction commits (at once outside a transaction)."""

    def send():
        for receiver, result in signal.send_robust(sender=sender, **kwargs):
            if isinstance(result, Exception):
                logger.error("Subscriber %r of %s failed for %r", receiver, sender.__name__, kwargs, exc_info=result)

    transaction.on_commit(send)
