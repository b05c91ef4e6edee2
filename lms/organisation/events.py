"""What the organisation tells the rest of the platform (see ``lms.events`` for how it is sent).

``leaving_dates_changed``  kwargs: ``employee_ids`` (list of Employee primary keys whose leaving date
                           was set, moved or cleared, by the admin or a roster import), ``actor_id``
                           (the user who made the change, or None).

``employees_changed``      kwargs: ``unit_ids`` (the units an employee was added to, left, or changed
                           category or leaving date in: old and new), ``actor_id``.

Pledges open a leaving case with a return checklist when a leaving date is set; training recounts
the reports' pre-aggregated counts of the units when employees change.
"""

from django.dispatch import Signal

leaving_dates_changed = Signal()
employees_changed = Signal()
