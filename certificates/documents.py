"""The words on a certificate, in one language (the PDF shows the reader's and Japanese)."""

from django.utils import translation
from django.utils.translation import gettext as _


def certificate_texts(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "title": _("Certificate of completion"),
            "certifies": _("This certifies that"),
            "completed": _("has completed the course"),
            "on": _("Completed on"),
            "code": _("Verification code"),
            "verify": _("Check this certificate at"),
        }
