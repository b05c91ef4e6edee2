"""Forms of the leaving-case screens: the list's filter, a checklist row, the override."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lms.organisation.models import OrgUnit
from lms.organisation.selectors import units_handled_by

from ..models import LeavingCase, LeavingCaseItem


class LeavingCaseFilterForm(forms.Form):
    OPEN, READY, SIGNED, CANCELLED = "open", "ready", "signed", "cancelled"
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Everything not cancelled")),
            (OPEN, _("Checklist open")),
            (READY, _("Ready to sign")),
            (SIGNED, _("Pledge signed")),
            (CANCELLED, _("Cancelled")),
        ],
    )
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("Unit"), required=False, empty_label=_("All your units")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_handled_by(user=user)

    def apply(self, cases: QuerySet[LeavingCase]) -> QuerySet[LeavingCase]:
        """Filter cases annotated by ``leaving.leaving_cases_with_progress``; unbound or invalid: all not cancelled."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        state = data.get("state") or ""
        if state == self.CANCELLED:
            cases = cases.filter(cancelled_at__isnull=False)
        else:
            cases = cases.filter(cancelled_at__isnull=True)
        if state == self.OPEN:
            cases = cases.filter(items_pending__gt=0, override_reason="", pledge_signed_on__isnull=True)
        elif state == self.READY:
            cases = cases.filter(Q(items_pending=0) | ~Q(override_reason=""), pledge_signed_on__isnull=True)
        elif state == self.SIGNED:
            cases = cases.filter(pledge_signed_on__isnull=False)
        if data.get("unit") is not None:
            cases = cases.filter(employee__unit__path__startswith=data["unit"].path)
        return cases


class ChecklistItemForm(forms.Form):
    """One row of the return checklist; its labels name the item, for screen readers."""

    state = forms.ChoiceField(label=_("State"), choices=LeavingCaseItem.State.choices, widget=forms.RadioSelect)
    checked_by_name = forms.CharField(label=_("Checked by"), max_length=200, required=False)
    checked_on = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, item: LeavingCaseItem, **kwargs):
        kwargs.setdefault("prefix", f"item-{item.pk}")
        kwargs.setdefault(
            "initial",
            {
                "state": item.state,
                "checked_by_name": item.checked_by_name,
                "checked_on": item.checked_on,
                "note": item.note,
            },
        )
        super().__init__(*args, **kwargs)
        self.item = item
        name = item.kind.display_name()
        for field_name, field in self.fields.items():
            field.label = _("%(item)s: %(field)s") % {"item": name, "field": type(self).base_fields[field_name].label}


def checklist_forms(items: list[LeavingCaseItem], data=None) -> list[ChecklistItemForm]:
    return [ChecklistItemForm(data, item=item) for item in items]


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for overriding the checklist"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why the leaving pledge may be signed before every item is settled (at least 10 characters). "
            "It is recorded with your name."
        ),
    )
