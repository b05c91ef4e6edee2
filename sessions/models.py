"""Sessions (研修会): classroom lectures run from slides and read-aloud pledge sessions.

- A ``TrainingSession`` belongs to a campaign and a unit (its people are the ones who may be
  invited; HR see the sessions of the units they handle). Its kind decides the training method
  it completes: a classroom lecture completes classroom assignments, a read-aloud session
  read-aloud assignments.
- A ``SessionAttendee`` is one invited assignment. Checking in (the attendee's QR scan, or the
  trainer's tick) is reversible until the session closes; closing freezes ``attended`` and writes
  the completions (and, for a read-aloud session, the pledge records). A closed session never
  changes again.
- ``SessionScan`` rows are the signed paper (sign-in sheet, bilingual pledge copy), hashed and
  kept; ``ClauseRecording`` is the audio of a pledge clause in one language, played when the pledge
  is read aloud.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisation.models import Employee, OrgUnit
from lms.storage import private_storage
from lms.training.models import Assignment, Campaign, CompletionRecord, TrainingMethod
from pledges.models import PledgeVersion, SignedPledge

# An attendee may check in from half an hour before the start until half an hour after the end.
CHECK_IN_OPENS_BEFORE = datetime.timedelta(minutes=30)
CHECK_IN_CLOSES_AFTER = datetime.timedelta(minutes=30)


def checkin_nonce_new() -> str:
    return secrets.token_urlsafe(12)


class SessionKind(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom lecture")
    READ_ALOUD = "read_aloud", _("Read-aloud pledge session")

    @property
    def method(self) -> str:
        """The assignment method a session of this kind completes."""
        return {
            SessionKind.CLASSROOM: TrainingMethod.CLASSROOM,
            SessionKind.READ_ALOUD: TrainingMethod.READ_ALOUD,
        }[self]


class TrainingSessionQuerySet(models.QuerySet):
    def scheduled(self) -> "TrainingSessionQuerySet":
        return self.filter(status=TrainingSession.Status.SCHEDULED)

    def in_units(self, units) -> "TrainingSessionQuerySet":
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(unit__path__startswith=unit.path)
        return self.filter(condition)


class TrainingSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+", verbose_name=_("campaign"))
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("for the people of"),
        help_text=_("Attendees are proposed from this unit and its sub-units."),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trainer"),
        help_text=_("Runs the session, checks people in and closes it."),
    )
    interpreter_name = models.CharField(_("interpreter"), max_length=200, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        help_text=_("The languages used beside Japanese: slides, the pledge read aloud, printed sheets."),
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    pledge_version = models.ForeignKey(
        PledgeVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pledge read aloud"),
    )
    checkin_nonce = models.CharField(max_length=32, default=checkin_nonce_new, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    facilitator_name = models.CharField(_("facilitator"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(kind="read_aloud") | Q(pledge_version__isnull=False),
                name="read_aloud_session_has_pledge",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        known = {code for code, _name in settings.LANGUAGES}
        if not self.languages:
            errors["languages"] = _("Choose at least one language.")
        elif not set(self.languages) <= known:
            errors["languages"] = _("Unknown language: %(codes)s.") % {
                "codes": ", ".join(sorted(set(self.languages) - known))
            }
        if self.kind == SessionKind.READ_ALOUD:
            if self.pledge_version_id is None:
                errors["pledge_version"] = _("A read-aloud session needs the pledge to read.")
            elif self.pledge_version.status != PledgeVersion.Status.PUBLISHED:
                errors["pledge_version"] = _("Only a published pledge version can be read aloud.")
        elif self.pledge_version_id is not None:
            errors["pledge_version"] = _("Only a read-aloud session reads a pledge.")
        if self.campaign_id and self.campaign.status != Campaign.Status.LAUNCHED:
            errors["campaign"] = _("Sessions are held for a launched campaign.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("The capacity must be at least one person.")
        if errors:
            raise ValidationError(errors)

    @property
    def method(self) -> str:
        return SessionKind(self.kind).method

    @property
    def language_names(self) -> str:
        names = dict(settings.LANGUAGES)
        return ", ".join(names.get(code, code) for code in self.languages)

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED

    @property
    def is_read_aloud(self) -> bool:
        return self.kind == SessionKind.READ_ALOUD

    @property
    def held_on(self) -> datetime.date:
        return timezone.localdate(self.starts_at)

    @property
    def check_in_opens_at(self) -> datetime.datetime:
        return self.starts_at - CHECK_IN_OPENS_BEFORE

    @property
    def check_in_closes_at(self) -> datetime.datetime:
        return self.ends_at + CHECK_IN_CLOSES_AFTER

    def check_in_open(self, now: datetime.datetime) -> bool:
        return self.is_scheduled and self.check_in_opens_at <= now <= self.check_in_closes_at


class CheckIn(models.TextChoices):
    QR = "qr", _("Scanned the session's code")
    TRAINER = "trainer", _("Ticked by the trainer")


class SessionAttendee(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="attendees")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language"), max_length=8)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_via = models.CharField(_("checked in by"), max_length=8, choices=CheckIn.choices, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set when the session closes: True present, False absent; None while it is open.
    attended = models.BooleanField(_("attended"), null=True)
    completion = models.ForeignKey(CompletionRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pledge = models.ForeignKey(SignedPledge, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["session", "employee__unit__path", "employee__number"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.UniqueConstraint(fields=["session", "assignment"], name="one_seat_per_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.session}"

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None

    @property
    def language_name(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)


class SessionScan(models.Model):
    """A scanned signed paper of a session (sign-in sheet, pledge copy). Kept, never replaced."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="scans")
    file = models.FileField(_("scan"), storage=private_storage, upload_to="sessions/scans/%Y/%m/")
    mime = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "uploaded_at"]
        verbose_name = _("session scan")
        verbose_name_plural = _("session scans")

    def __str__(self) -> str:
        return f"{self.session} · {self.uploaded_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise models.ProtectedError(_("Scans are evidence and cannot be changed."), {self})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("Scans are evidence and cannot be deleted."), {self})


class ClauseRecording(models.Model):
    """Recorded audio of one clause (or the title, position 0) of a pledge version in one language."""

    version = models.ForeignKey(PledgeVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("clause"), help_text=_("0 is the title."))
    language = models.CharField(_("language"), max_length=8)
    audio = models.FileField(_("audio"), storage=private_storage, upload_to="sessions/audio/")
    mime = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "position", "language"]
        verbose_name = _("clause recording")
        verbose_name_plural = _("clause recordings")
        constraints = [
            models.UniqueConstraint(fields=["version", "position", "language"], name="one_recording_per_clause"),
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.position} · {self.language}"
