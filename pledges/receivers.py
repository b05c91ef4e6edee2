"""Pledges reacting to the core's events (connected in ``PledgesConfig.ready``)."""

from lms.accounts.models import User

from .services.leaving import leaving_cases_sync


def on_leaving_dates_changed(sender, *, employee_ids, actor_id=None, **kwargs):
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    leaving_cases_sync(employee_ids=employee_ids, actor=actor)
