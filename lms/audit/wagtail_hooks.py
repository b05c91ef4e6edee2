"""Mamori's audit actions, registered with Wagtail's log so its history screens can label them.

The audit-log screen itself is a report (``lms.reports.audit_log``): audit stays a leaf service.
"""

from wagtail import hooks

from .actions import ACTIONS


@hooks.register("register_log_actions")
def register_mamori_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
