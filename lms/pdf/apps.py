from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdfConfig(AppConfig):
    name = "lms.pdf"
    label = "pdf"
    verbose_name = _("PDF documents")
