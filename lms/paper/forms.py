from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisation.models import EmployeeCategory, OrgUnit
from lms.training.models import Campaign, TrainingMethod

from .selectors import PAPER_METHODS, campaigns_for_paper


class SlipScanForm(forms.Form):
    token = forms.CharField(
        label=_("Code on the slip"),
        max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Scan the QR code with the scanner, or type the code printed under it."),
    )
    signed_on = forms.DateField(
        label=_("Date written on the slip"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    attachment = forms.FileField(
        label=_("Scanned slip (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class ChecklistScopeForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=_("Campaign"))
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns_for_paper()
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()


class ChecklistForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Date written on the slips"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )


class PrintScopeForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=_("Campaign"))
    units = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("Units"),
        required=False,
        help_text=_("Leave empty for all your units."),
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=EmployeeCategory.objects.all(),
        label=_("Employee categories"),
        required=False,
        help_text=_("Leave empty for every category."),
    )
    methods = forms.MultipleChoiceField(
        label=_("Training methods"),
        choices=[(m, TrainingMethod(m).label) for m in PAPER_METHODS],
        initial=[TrainingMethod.PRINTED_EXCERPT],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns_for_paper()
        self.fields["units"].queryset = units if units is not None else OrgUnit.objects.none()
