from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RosterImport(models.Model):
    """One roster file that was applied (or checked with a dry run): who, when, what, how many.

    A file with problems is never recorded: nothing at all is written for it.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        DRY_RUN = "dry_run", _("Checked only (dry run)")

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    dry_run = models.BooleanField(_("dry run"), default=False)
    full = models.BooleanField(
        _("full import"),
        default=False,
        help_text=_("People of the covered companies missing from the file were flagged."),
    )
    companies = models.JSONField(_("companies covered"), default=list)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("employees added"), default=0)
    updated_count = models.PositiveIntegerField(_("employees changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("employees unchanged"), default=0)
    flagged_count = models.PositiveIntegerField(_("employees flagged as absent"), default=0)
    assignments_count = models.PositiveIntegerField(_("training assignments created"), default=0)
    # The admin's upload token: a second confirmation of the same upload finds it and changes nothing.
    upload_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})" if self.imported_at else self.file_name
