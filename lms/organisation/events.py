"""What the organisation tells the rest of the platform (see ``lms.events`` for how it is sent).

``leaving_dates_changed``  kwargs: ``employee_ids`` (list of Employee primary keys whose leaving date
                           was set, moved or cleared, by the admin or a roster import), ``actor_id``
                           (the user who made the change, or None).

Pledges open a leaving case with a return checklist when a leaving date is set.
"""

from django.dispatch import Signal

leaving_dates_changed = Signal()
