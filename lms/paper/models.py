"""Returned acknowledgement slips and batch print jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.jobs.models import FileJob
from lms.storage import private_storage
from lms.training.models import Assignment, Campaign


class SlipReturnQuerySet(models.QuerySet):
    def delete(self):
        raise models.ProtectedError(_("Returned slips are evidence and cannot be deleted."), set(self))


class SlipReturn(models.Model):
    """A signed acknowledgement slip HR received back: the evidence behind a paper completion.

    Immutable once written. A second scan of a slip whose assignment is
    already complete is refused and writes nothing.
    """

    class Via(models.TextChoices):
        SCAN = "scan", _("Scanned code")
        CHECKLIST = "checklist", _("Ticked in a list")

    # A ForeignKey, not one-to-one: after a completion is withdrawn by correction, a new slip may follow.
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="slip_returns")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("date written on the slip"))
    via = models.CharField(_("recorded by"), max_length=10, choices=Via.choices)
    attachment = models.FileField(_("scanned slip"), storage=private_storage, upload_to="slips/%Y/%m/", blank=True)
    attachment_type = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = SlipReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("returned slip")
        verbose_name_plural = _("returned slips")

    def __str__(self) -> str:
        return f"{self.assignment} · {self.signed_on}"

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("Returned slips are evidence and cannot be deleted."), {self})


class ExcerptPrintJob(FileJob):
    """One batch of personalised excerpts with slips, built by a Celery task into one PDF."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+", verbose_name=_("campaign"))
    # The people are frozen when the job is created, so the PDF matches the count HR saw.
    assignment_ids = models.JSONField(default=list)
    scope = models.JSONField(_("scope"), default=dict, help_text=_("Units, categories and methods chosen."))
    file = models.FileField(storage=private_storage, upload_to="print-jobs/", blank=True)

    class Meta(FileJob.Meta):
        verbose_name = _("excerpt print job")
        verbose_name_plural = _("excerpt print jobs")

    def __str__(self) -> str:
        return f"{self.campaign} · {self.created_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"
