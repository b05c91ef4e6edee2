from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from lms.audit.actions import audit_actions_register
        from lms.training.events import completion_corrected, completion_recorded

        audit_actions_register(
            {
                "mamori.certificate.issue": (_("Certificate issued"), _("Certificate issued")),
                "mamori.certificate.revoke": (_("Certificate revoked"), _("Certificate revoked")),
                "mamori.certificate.keep": (
                    _("Certificate kept after a correction"),
                    _("Certificate kept after a correction"),
                ),
                "mamori.certificate_zip.create": (
                    _("Certificate download prepared"),
                    _("Certificate download prepared"),
                ),
            }
        )

        from . import receivers

        completion_recorded.connect(receivers.on_completion_recorded, dispatch_uid="certificates.issue")
        completion_corrected.connect(receivers.on_completion_corrected, dispatch_uid="certificates.follow")
