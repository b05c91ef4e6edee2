from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("CSV (UTF-8 or Shift_JIS) or Excel workbook (.xlsx)."),
    )
    full = forms.BooleanField(
        label=_("Full import"),
        required=False,
        help_text=_(
            "The file lists everyone of its companies: people missing from it are flagged as absent (not deleted)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.MAMORI_ROSTER_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large; the limit is %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        return upload
