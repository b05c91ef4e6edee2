from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from lms.training.events import completion_corrected, completion_recorded

        from . import receivers

        completion_recorded.connect(receivers.on_completion_recorded, dispatch_uid="certificates.issue")
        completion_corrected.connect(receivers.on_completion_corrected, dispatch_uid="certificates.follow")
