"""How the core announces what happened, to subscribers it does not know.

The core defines its events as Django signals next to the area that owns them
(``lms.training.events``, ``lms.organisation.events``) and sends them with ``publish_on_commit``:
only once the transaction that wrote the change commits, so a rolled-back change is never
announced. Domain apps connect receivers in their ``AppConfig.ready``; the core imports none of them.

Receivers run with ``send_robust``: a failing subscriber is logged with its traceback and neither
undoes the committed change nor stops the other subscribers.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger("mamori.events")


def publish_on_commit(signal: Signal, *, sender, **kwargs) -> None:
    """Send ``signal`` once the current transaction commits (at once outside a transaction)."""

    def send():
        for receiver, result in signal.send_robust(sender=sender, **kwargs):
            if isinstance(result, Exception):
                logger.error("Subscriber %r of %s failed for %r", receiver, sender.__name__, kwargs, exc_info=result)

    transaction.on_commit(send)
