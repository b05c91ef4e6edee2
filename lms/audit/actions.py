"""The audit actions Mamori writes, with their labels for the admin.

The core's own actions are listed here; a domain app adds its actions with ``audit_actions_register``
from its ``AppConfig.ready`` (before Wagtail reads the list for its log screens).
"""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "mamori.employee.create": (_("Employee added"), _("Employee added")),
    "mamori.employee.update": (_("Employee changed"), _("Employee changed")),
    "mamori.employee.flag_absent": (_("Employee missing from roster"), _("Employee missing from roster")),
    "mamori.employee_category.create": (_("Employee category added"), _("Employee category added")),
    "mamori.employee_category.update": (_("Employee category changed"), _("Employee category changed")),
    "mamori.org_unit.create": (_("Organisation unit added"), _("Organisation unit added")),
    "mamori.org_unit.update": (_("Organisation unit changed"), _("Organisation unit changed")),
    "mamori.roster.import": (_("Roster imported"), _("Roster imported")),
    "mamori.rule.create": (_("Delivery rule added"), _("Delivery rule added")),
    "mamori.rule.update": (_("Delivery rule changed"), _("Delivery rule changed")),
    "mamori.rule.delete": (_("Delivery rule deleted"), _("Delivery rule deleted")),
    "mamori.campaign.create": (_("Campaign created"), _("Campaign created")),
    "mamori.campaign.update": (_("Campaign changed"), _("Campaign changed")),
    "mamori.campaign.launch": (_("Campaign launched"), _("Campaign launched")),
    "mamori.campaign.close": (_("Campaign closed"), _("Campaign closed")),
    "mamori.assignment.create": (_("Training assigned"), _("Training assigned")),
    "mamori.completion.record": (_("Completion recorded"), _("Completion recorded")),
    "mamori.completion.correct": (_("Completion corrected"), _("Completion corrected")),
    "mamori.role.grant": (_("Role granted"), _("Role granted")),
    "mamori.role.revoke": (_("Role revoked"), _("Role revoked")),
    "mamori.course.load": (_("Course page loaded from source"), _("Course page loaded from source")),
    "mamori.course.translation_load": (_("Course translation loaded"), _("Course translation loaded")),
    "mamori.lesson.finish": (_("Lesson finished"), _("Lesson finished")),
    "mamori.knowledge_check.submit": (_("Knowledge check answered"), _("Knowledge check answered")),
    "mamori.final_test.start": (_("Final test started"), _("Final test started")),
    "mamori.final_test.submit": (_("Final test submitted"), _("Final test submitted")),
    "mamori.slip.record": (_("Returned slip recorded"), _("Returned slip recorded")),
    "mamori.print_job.create": (_("Excerpt print job started"), _("Excerpt print job started")),
    "mamori.print_job.cancel": (_("Excerpt print job cancelled"), _("Excerpt print job cancelled")),
}


def audit_actions_register(actions: dict) -> None:
    """Add a domain app's actions: {code: (label, message)}. A code is registered once."""
    clashes = set(actions) & set(ACTIONS)
    if clashes:
        raise ValueError(f"Audit actions registered twice: {sorted(clashes)}")
    ACTIONS.update(actions)
