"""Reports kept as files: the monthly committee report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.jobs.models import FileJob
from lms.storage import private_storage

# Registered by ReportsConfig.ready (lms.audit.actions.audit_actions_register).
AUDIT_ACTIONS = {
    "mamori.committee_report.request": (_("Committee report requested"), _("Committee report requested")),
}


def default_report_language() -> str:
    return settings.LANGUAGE_CODE


class CommitteeReport(FileJob):
    """The monthly PDF for the Technical Information Management Committee: completion per company and
    site, the laggards and the trend over three fiscal years, for every course with launched campaigns.

    A scheduled run has no ``created_by``; there is one scheduled report per month and language,
    so a retried or doubled beat run builds it once. A report requested by hand (``created_by`` set)
    is a new row each time, drawn from the numbers of the moment.
    """

    # Nullable here (and only here): the beat starts most reports, with nobody behind it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("requested by"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=default_report_language
    )
    file = models.FileField(storage=private_storage, upload_to="committee-reports/", blank=True)

    class Meta(FileJob.Meta):
        verbose_name = _("committee report")
        verbose_name_plural = _("committee reports")
        ordering = ["-month", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "language"],
                condition=models.Q(created_by__isnull=True),
                name="committee_report_one_scheduled_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} · {self.language} · {self.get_status_display()}"

    @property
    def is_scheduled(self) -> bool:
        return self.created_by_id is None

    @property
    def download_name(self) -> str:
        return f"committee-report-{self.month:%Y-%m}-{self.language}.pdf"
