"""Forms of the session screens."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Role
from lms.organisation.models import OrgUnit
from lms.paper.scans import MAX_SCAN_BYTES
from lms.training.models import Campaign
from pledges.models import PledgePurpose, PledgeVersion

from ..models import SessionKind, TrainingSession
from ..selectors import campaigns_for_sessions, session_units_for

DEFAULT_LENGTH = datetime.timedelta(hours=1)


def _trainers():
    """People who may run a session: trainers, administrators and HR."""
    roles = (Role.TRAINER, Role.ADMIN, Role.HR)
    return (
        get_user_model()
        .objects.filter(Q(role_assignments__role__in=roles) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("username")
    )


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        employee = getattr(user, "employee", None)
        name = employee.full_name if employee else user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices, widget=forms.RadioSelect)
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=_("Campaign"))
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("For the people of"),
        help_text=_("Attendees are proposed from this unit and its sub-units."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    trainer = TrainerChoiceField(queryset=get_user_model().objects.none(), label=_("Trainer"))
    interpreter_name = forms.CharField(label=_("Interpreter"), max_length=200, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The languages used beside Japanese: the slides, the pledge read aloud, the printed sheets. "
            "The first one chosen is printed beside the Japanese on the sign-in sheet."
        ),
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500)
    pledge_version = forms.ModelChoiceField(
        queryset=PledgeVersion.objects.none(),
        label=_("Pledge read aloud"),
        required=False,
        help_text=_("For a read-aloud session: the published pledge to read."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns_for_sessions()
        self.fields["unit"].queryset = session_units_for(user=user).order_by("path")
        self.fields["trainer"].queryset = _trainers()
        self.fields["pledge_version"].queryset = (
            PledgeVersion.objects.published()
            .exclude(pledge_type__purpose=PledgePurpose.LEAVING)
            .select_related("pledge_type")
        )
        if not self.is_bound and "trainer" not in self.initial:
            self.initial["trainer"] = user.pk

    def clean(self):
        cleaned = super().clean()
        date, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if date and start and end:
            tz = timezone.get_current_timezone()
            cleaned["starts_at"] = timezone.make_aware(datetime.datetime.combine(date, start), tz)
            cleaned["ends_at"] = timezone.make_aware(datetime.datetime.combine(date, end), tz)
            if cleaned["ends_at"] <= cleaned["starts_at"]:
                self.add_error("end_time", _("The session must end after it starts."))
        kind = cleaned.get("kind")
        if kind == SessionKind.READ_ALOUD and not cleaned.get("pledge_version"):
            self.add_error("pledge_version", _("A read-aloud session needs the pledge to read."))
        if kind == SessionKind.CLASSROOM:
            cleaned["pledge_version"] = None
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "campaign": data["campaign"],
            "unit": data["unit"],
            "title": data["title"].strip(),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"].strip(),
            "trainer": data["trainer"],
            "interpreter_name": data["interpreter_name"].strip(),
            "languages": data["languages"],
            "capacity": data["capacity"],
            "pledge_version": data["pledge_version"],
        }


def session_form_initial(session: TrainingSession) -> dict:
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return {
        "kind": session.kind,
        "campaign": session.campaign_id,
        "unit": session.unit_id,
        "title": session.title,
        "date": starts.date(),
        "start_time": starts.time().replace(second=0, microsecond=0),
        "end_time": ends.time().replace(second=0, microsecond=0),
        "place": session.place,
        "trainer": session.trainer_id,
        "interpreter_name": session.interpreter_name,
        "languages": session.languages,
        "capacity": session.capacity,
        "pledge_version": session.pledge_version_id,
    }


class SessionFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + SessionKind.choices, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + TrainingSession.Status.choices, required=False
    )


class ProposalFilterForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All"))] + list(settings.LANGUAGES), required=False
    )

    def __init__(self, *args, session: TrainingSession, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            session_units_for(user=user).filter(path__startswith=session.unit.path).order_by("path")
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=1000)


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Scan of the signed sheet"),
        help_text=_("PDF, JPEG or PNG, at most %(size)d MB.") % {"size": MAX_SCAN_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
