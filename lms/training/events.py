"""What training tells the rest of the platform: a completion was recorded, or corrected.

One mechanism for every subscriber (``lms.events``): Django signals, sent only after the transaction
that wrote the record commits, so a rolled-back completion is never announced. Domain apps (certificates now;
pledges and notifications later) connect receivers in their ``AppConfig.ready``; training imports
none of them.

``completion_recorded``  kwargs: ``completion_id`` (a current record, never a correction row).
``completion_corrected`` kwargs: ``correction_id`` (the new row), ``corrected_id`` (the row it
                         replaces), ``void`` (True: the completion is withdrawn), ``reason``,
                         ``actor_id`` (the user who made the correction).

Receivers run with ``send_robust``: a failing subscriber is logged with its traceback and does
not undo the completion, which is already committed evidence, nor stop the other subscribers.
"""

from django.dispatch import Signal

from lms.events import publish_on_commit

__all__ = ["completion_corrected", "completion_recorded", "publish_on_commit"]

completion_recorded = Signal()
completion_corrected = Signal()
