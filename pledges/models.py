"""Pledges (誓約書): their texts, versioned and translated, what each person signed, and leaving cases.

- A ``PledgeType`` (hire, leaving, a partner pledge…) has ``PledgeVersion``s. A version's clauses
  in Japanese are the binding text; publishing freezes them. Each translated segment (the title,
  each clause) remembers the SHA-256 of the Japanese it was translated from, so a changed Japanese
  clause makes that translation out of date, and a language with any out-of-date or missing
  segment is not offered for signing.
- A ``SignedPledge`` is evidence, for an e-signature and a paper pledge alike: a snapshot of exactly
  what was shown (text in the language shown and the Japanese, with their hashes), who, when, how
  they authenticated, and the sealed PDF. It is never changed or deleted; a ``PledgeWithdrawal``
  is a new record that points at it.
- A ``LeavingCase`` opens when someone's leaving date is set; its return checklist must be settled
  (or overridden by HR with a reason) before the leaving pledge can be signed.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lms.organisation.models import Employee
from lms.pdf.codes import verification_code_new
from lms.storage import private_storage


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslatedNameMixin(models.Model):
    """A Japanese name with its translations, read in the reader's language."""

    name = models.CharField(_("name"), max_length=200, help_text=_("Japanese name, the source."))
    translated_names = models.JSONField(
        _("translated names"),
        default=dict,
        blank=True,
        help_text=_('Name per language code, e.g. {"en": "Hiring pledge"}.'),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        language = language or get_language() or settings.LANGUAGE_CODE
        return self.translated_names.get(language) or self.name


class PledgePurpose(models.TextChoices):
    HIRE = "hire", _("At hiring")
    LEAVING = "leaving", _("At leaving")
    OTHER = "other", _("Other")


class PledgeType(TranslatedNameMixin):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    purpose = models.CharField(
        _("purpose"),
        max_length=16,
        choices=PledgePurpose.choices,
        help_text=_("Hiring and leaving pledges are tracked in “Pledges missing”; others are signed when asked."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("pledge type")
        verbose_name_plural = _("pledge types")


class PledgeVersionQuerySet(models.QuerySet):
    def published(self) -> "PledgeVersionQuerySet":
        return self.filter(status=PledgeVersion.Status.PUBLISHED)


class PledgeVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    pledge_type = models.ForeignKey(
        PledgeType, on_delete=models.PROTECT, related_name="versions", verbose_name=_("pledge type")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=255, help_text=_("Japanese, the binding text."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PledgeVersionQuerySet.as_manager()

    class Meta:
        ordering = ["pledge_type__position", "pledge_type__code", "-number"]
        verbose_name = _("pledge version")
        verbose_name_plural = _("pledge versions")
        constraints = [
            models.UniqueConstraint(fields=["pledge_type", "number"], name="unique_pledge_version_number"),
            # One version of a type is offered for signing at a time.
            models.UniqueConstraint(
                fields=["pledge_type"], condition=Q(status="published"), name="one_published_version_per_type"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_type.display_name()} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class PledgeClause(models.Model):
    version = models.ForeignKey(PledgeVersion, on_delete=models.PROTECT, related_name="clauses")
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("clause (Japanese)"))

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="unique_clause_position")]

    def __str__(self) -> str:
        return f"{self.version} §{self.position}"


class PledgeTranslation(models.Model):
    """One translated segment of a version: its title (key ``title``) or a clause (``clause/N``)."""

    version = models.ForeignKey(PledgeVersion, on_delete=models.PROTECT, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    key = models.CharField(max_length=40)
    text = models.TextField(_("translation"))
    source_sha256 = models.CharField(
        max_length=64, help_text=_("SHA-256 of the Japanese text this translation was made from.")
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["version", "language", "key"]
        verbose_name = _("pledge translation")
        verbose_name_plural = _("pledge translations")
        constraints = [
            models.UniqueConstraint(fields=["version", "language", "key"], name="unique_pledge_translation_segment")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.language} · {self.key}"


class LeavingCaseQuerySet(models.QuerySet):
    def open(self) -> "LeavingCaseQuerySet":
        return self.filter(cancelled_at__isnull=True)


class LeavingCase(models.Model):
    """Opened when a leaving date is set; cancelled (kept) when the date is cleared again."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="leaving_cases")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    leaving_date = models.DateField(_("leaving date"), help_text=_("Follows the employee's leaving date."))
    override_reason = models.TextField(_("reason for overriding the checklist"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = LeavingCaseQuerySet.as_manager()

    class Meta:
        ordering = ["leaving_date", "employee__number"]
        verbose_name = _("leaving case")
        verbose_name_plural = _("leaving cases")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=Q(cancelled_at__isnull=True), name="one_open_leaving_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.leaving_date}"

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_reason)


class ReturnItemKind(TranslatedNameMixin):
    """A line of the return checklist (documents, storage media, devices, accounts, other…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in new checklists"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("return checklist item")
        verbose_name_plural = _("return checklist items")


class LeavingCaseItem(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Not settled")
        RETURNED = "returned", pgettext_lazy("return checklist", "Returned")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    case = models.ForeignKey(LeavingCase, on_delete=models.PROTECT, related_name="items")
    kind = models.ForeignKey(ReturnItemKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    checked_by_name = models.CharField(
        _("checked by"), max_length=200, blank=True, help_text=_("The person who received or checked it.")
    )
    checked_on = models.DateField(_("date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "kind__position", "kind__code"]
        verbose_name = _("return checklist entry")
        verbose_name_plural = _("return checklist entries")
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="unique_checklist_item")]

    def __str__(self) -> str:
        return f"{self.case} · {self.kind}"

    @property
    def is_settled(self) -> bool:
        return self.state != self.State.PENDING


class SignedPledgeQuerySet(models.QuerySet):
    def valid(self) -> "SignedPledgeQuerySet":
        return self.filter(withdrawal__isnull=True)

    def delete(self):
        raise models.ProtectedError(_("Signed pledges are evidence and cannot be deleted; withdraw them."), set(self))


class SignedPledge(models.Model):
    """A pledge signed in the browser or recorded from paper. Immutable once written."""

    class Method(models.TextChoices):
        ONLINE = "online", _("Signed online")
        PAPER = "paper", _("Signed on paper")
        READ_ALOUD = "read_aloud", _("Read aloud, confirmed on the person's behalf")

    class Authentication(models.TextChoices):
        PASSWORD = "password", _("Password re-entered at signing")
        PAPER = "paper", _("Handwritten signature, recorded by HR")
        ON_BEHALF = "on_behalf", _("Read and understood, confirmed by the facilitator")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="signed_pledges")
    version = models.ForeignKey(PledgeVersion, on_delete=models.PROTECT, related_name="signatures")
    pledge_type = models.ForeignKey(PledgeType, on_delete=models.PROTECT, related_name="signatures")
    leaving_case = models.ForeignKey(
        LeavingCase, on_delete=models.PROTECT, null=True, blank=True, related_name="signed_pledges"
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    authentication = models.CharField(_("authentication"), max_length=10, choices=Authentication.choices)
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=verification_code_new, editable=False
    )
    # What was signed, frozen: the name and both texts exactly as shown, with their hashes.
    employee_name = models.CharField(_("name"), max_length=200)
    employee_number = models.CharField(_("employee number"), max_length=32)
    language = models.CharField(_("language shown"), max_length=8)
    text_shown = models.TextField(_("text shown"))
    text_ja = models.TextField(_("Japanese text"))
    sha256_shown = models.CharField(_("SHA-256 of the text shown"), max_length=64)
    sha256_ja = models.CharField(_("SHA-256 of the Japanese text"), max_length=64)
    signed_on = models.DateField(_("signed on"))
    signed_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    # A read-aloud record: who read it out and who interpreted, and the occasion (one record per
    # person per occasion, e.g. "session:12").
    facilitator_name = models.CharField(_("facilitator"), max_length=200, blank=True)
    interpreter_name = models.CharField(_("interpreter"), max_length=200, blank=True)
    occasion = models.CharField(_("occasion"), max_length=40, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    # The single-use token of the signing form: a replayed form finds it taken.
    form_nonce = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    scan = models.FileField(_("signed scan"), storage=private_storage, upload_to="pledges/scans/%Y/%m/", blank=True)
    scan_type = models.CharField(max_length=40, blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    pdf = models.FileField(_("sealed PDF"), storage=private_storage, upload_to="pledges/pdf/%Y/%m/")
    pdf_sha256 = models.CharField(max_length=64)

    objects = SignedPledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("signed pledge")
        verbose_name_plural = _("signed pledges")

    def __str__(self) -> str:
        return f"{self.employee_name} · {self.pledge_type} v{self.version.number} · {self.signed_on}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise models.ProtectedError(_("Signed pledges are evidence and cannot be changed."), {self})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("Signed pledges are evidence and cannot be deleted; withdraw them."), {self})

    @property
    def is_withdrawn(self) -> bool:
        return hasattr(self, "withdrawal")


class PledgeWithdrawal(models.Model):
    """Withdraws a signed pledge (signed by mistake, wrong person on paper…); the pledge row stays."""

    pledge = models.OneToOneField(SignedPledge, on_delete=models.PROTECT, related_name="withdrawal")
    reason = models.TextField(_("reason"))
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge withdrawal")
        verbose_name_plural = _("pledge withdrawals")

    def __str__(self) -> str:
        return f"{self.pledge} · {self.withdrawn_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise models.ProtectedError(_("Withdrawals are evidence and cannot be changed."), {self})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("Withdrawals are evidence and cannot be deleted."), {self})
