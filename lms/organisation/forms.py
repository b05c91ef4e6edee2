"""Admin forms for the organisation. Choices offered are limited to the user's scope."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm

from .models import Employee, OrgUnit
from .selectors import units_handled_by
from .services import EMPLOYEE_FIELDS, ORG_UNIT_FIELDS


class EmployeeForm(WagtailAdminModelForm):
    """Create and edit an employee. The company follows from the unit."""

    class Meta:
        model = Employee
        fields = ["number", *[f for f in EMPLOYEE_FIELDS if f != "company"]]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["unit"].queryset = units_handled_by(user=for_user)
        if self.instance.pk:
            # The employee number identifies the person in roster files; it is not edited here.
            self.fields["number"].disabled = True

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if unit is not None:
            company = unit.company()
            if company is None:
                self.add_error("unit", _("The unit must belong to a company."))
            else:
                self.instance.company = company
                cleaned["company"] = company
        return cleaned

    def service_values(self) -> dict:
        """The cleaned values for ``employee_create`` / ``employee_update``."""
        return {f: self.cleaned_data[f] for f in EMPLOYEE_FIELDS}


class OrgUnitCreateForm(WagtailAdminModelForm):
    parent = forms.ModelChoiceField(
        queryset=OrgUnit.objects.all(),
        required=False,
        label=_("parent unit"),
        help_text=_("Leave empty only for the group at the top of the organisation."),
    )

    class Meta:
        model = OrgUnit
        fields = ["parent", *ORG_UNIT_FIELDS]


class OrgUnitEditForm(WagtailAdminModelForm):
    class Meta:
        model = OrgUnit
        fields = list(ORG_UNIT_FIELDS)
