"""Admin forms for training configuration and completion corrections."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from lms.organisation.models import EmployeeCategory, JoinedVia, OrgUnit

from .courses import course_pages
from .models import Campaign, DeliveryRule
from .services import CAMPAIGN_FIELDS, RULE_FIELDS


class DeliveryRuleForm(WagtailAdminModelForm):
    categories = forms.ModelMultipleChoiceField(
        queryset=EmployeeCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("categories"),
        help_text=_("Leave empty to match every category."),
    )
    joined_via = forms.MultipleChoiceField(
        choices=JoinedVia.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("joined via"),
        help_text=_("Leave empty to match every way of joining."),
    )

    class Meta:
        model = DeliveryRule
        fields = [
            "position",
            "name",
            "method",
            "categories",
            "key_person",
            "has_pc",
            "reads_japanese",
            "joined_via",
            "hired_in_fiscal_year",
            "is_active",
        ]

    def service_values(self) -> dict:
        return {f: self.cleaned_data[f] for f in RULE_FIELDS}


class CampaignForm(WagtailAdminModelForm):
    units = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("units in scope"),
        help_text=_("Leave empty for the whole organisation."),
    )

    class Meta:
        model = Campaign
        fields = ["name", "course", "fiscal_year", "due_date", "units"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = course_pages()

    def service_values(self) -> dict:
        return {f: self.cleaned_data[f] for f in CAMPAIGN_FIELDS}


class CompletionCorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the correction as evidence."),
    )
    completed_on = forms.DateField(
        label=_("corrected completion date"),
        required=False,
        widget=AdminDateInput,
        help_text=_("Leave empty to keep the recorded date."),
    )
    void = forms.BooleanField(
        label=_("withdraw the completion"),
        required=False,
        help_text=_("The assignment becomes open again."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("A correction needs a reason."))
        return reason
