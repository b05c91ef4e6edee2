"""Importing the HR roster: a pure plan step, then one transaction that applies it.

``roster_plan`` reads and validates a file without writing anything and
returns a ``RosterPlan``: employees to create, employees to update with their
field changes, employees to flag as absent, and every problem by row and
column. ``roster_apply`` writes a problem-free plan in one transaction with
bulk queries and audit entries. Both run in the current language, so the
problems are worded for the uploader.
"""

from .apply import roster_apply
from .plan import (
    PlannedCreate,
    PlannedUpdate,
    RosterAlreadyImported,
    RosterPlan,
    RosterProblem,
    RosterRejected,
    change_value,
    roster_plan,
)

__all__ = [
    "PlannedCreate",
    "PlannedUpdate",
    "RosterAlreadyImported",
    "RosterPlan",
    "RosterProblem",
    "RosterRejected",
    "change_value",
    "roster_apply",
    "roster_plan",
]
