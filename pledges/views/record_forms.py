"""Forms of HR's pledge screens: recording a paper pledge, withdrawing one, filtering the list."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisation.models import Employee, OrgUnit
from lms.organisation.selectors import employees_editable_by, units_handled_by
from lms.paper.scans import MAX_SCAN_BYTES

from ..models import PledgeType, PledgeVersion, SignedPledge


class PaperPledgeForm(forms.Form):
    employee_number = forms.CharField(label=_("Employee number"), max_length=32)
    company = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("Company"),
        required=False,
        help_text=_("Needed only when two companies use the same employee number."),
    )
    pledge_type = forms.ModelChoiceField(queryset=PledgeType.objects.none(), label=_("Pledge"))
    language = forms.ChoiceField(
        label=_("Language of the signed paper"),
        choices=settings.LANGUAGES,
        help_text=_("The language printed beside the Japanese on the paper the person signed."),
    )
    signed_on = forms.DateField(label=_("Date signed"), widget=forms.DateInput(attrs={"type": "date"}))
    scan = forms.FileField(
        label=_("Scan of the signed pledge"),
        help_text=_("PDF, JPEG or PNG, at most %(size)d MB.") % {"size": MAX_SCAN_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why it was signed on paper, and anything HR should know (recorded with your name)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["company"].queryset = units_handled_by(user=user).companies()
        self.fields["pledge_type"].queryset = PledgeType.objects.filter(
            versions__status=PledgeVersion.Status.PUBLISHED
        ).distinct()
        if not self.is_bound:
            self.initial.setdefault("signed_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("employee_number") or "").strip()
        if not number:
            return cleaned
        people = employees_editable_by(user=self.user).filter(number=number)
        if cleaned.get("company"):
            people = people.filter(company=cleaned["company"])
        found = list(people[:2])
        if not found:
            self.add_error("employee_number", _("Nobody in your units has this employee number."))
        elif len(found) > 1:
            self.add_error("company", _("Two companies use this employee number: choose the company."))
        else:
            cleaned["employee"] = found[0]
        pledge_type = cleaned.get("pledge_type")
        if pledge_type is not None:
            cleaned["version"] = pledge_type.versions.published().first()
        return cleaned


def paper_form_initial(*, user, employee_id: str | None, purpose: str | None) -> dict:
    """Prefill from a link of "Pledges missing" or a leaving case (``?employee=…&purpose=…``)."""
    initial = {}
    if employee_id and employee_id.isdigit():
        employee: Employee | None = employees_editable_by(user=user).filter(pk=int(employee_id)).first()
        if employee is not None:
            initial.update(
                employee_number=employee.number, company=employee.company_id, language=employee.preferred_language
            )
    if purpose:
        pledge_type = PledgeType.objects.filter(
            purpose=purpose, versions__status=PledgeVersion.Status.PUBLISHED
        ).first()
        if pledge_type is not None:
            initial["pledge_type"] = pledge_type.pk
    return initial


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class SignedPledgeFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("All")), ("valid", _("Valid")), ("withdrawn", _("Withdrawn"))]

    q = forms.CharField(label=_("Name or number"), required=False, max_length=100)
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit"), required=False)
    pledge_type = forms.ModelChoiceField(queryset=PledgeType.objects.all(), label=_("Pledge"), required=False)
    method = forms.ChoiceField(
        label=_("Method"), choices=[("", _("All")), *SignedPledge.Method.choices], required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_handled_by(user=user)

    def apply(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(employee_name__icontains=data["q"]) | queryset.filter(employee_number=data["q"])
        if data["unit"]:
            queryset = queryset.filter(employee__unit__path__startswith=data["unit"].path)
        if data["pledge_type"]:
            queryset = queryset.filter(pledge_type=data["pledge_type"])
        if data["method"]:
            queryset = queryset.filter(method=data["method"])
        if data["status"] == "valid":
            queryset = queryset.filter(withdrawal__isnull=True)
        elif data["status"] == "withdrawn":
            queryset = queryset.filter(withdrawal__isnull=False)
        return queryset
