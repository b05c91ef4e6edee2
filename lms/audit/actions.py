"""The audit actions Mamori writes, with their labels for the admin."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "mamori.employee.create": (_("Employee added"), _("Employee added")),
    "mamori.employee.update": (_("Employee changed"), _("Employee changed")),
    "mamori.employee.flag_absent": (_("Employee missing from roster"), _("Employee missing from roster")),
    "mamori.roster.import": (_("Roster imported"), _("Roster imported")),
    "mamori.rule.create": (_("Delivery rule added"), _("Delivery rule added")),
    "mamori.rule.update": (_("Delivery rule changed"), _("Delivery rule changed")),
    "mamori.rule.delete": (_("Delivery rule deleted"), _("Delivery rule deleted")),
    "mamori.campaign.create": (_("Campaign created"), _("Campaign created")),
    "mamori.campaign.update": (_("Campaign changed"), _("Campaign changed")),
    "mamori.campaign.launch": (_("Campaign launched"), _("Campaign launched")),
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
    "mamori.certificate.issue": (_("Certificate issued"), _("Certificate issued")),
    "mamori.certificate.revoke": (_("Certificate revoked"), _("Certificate revoked")),
    "mamori.certificate_zip.create": (_("Certificate download prepared"), _("Certificate download prepared")),
}
