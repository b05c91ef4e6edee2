"""Certificates of completion and the ZIP jobs that bundle them for HR."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.jobs.models import FileJob
from lms.organisation.models import Employee, OrgUnit
from lms.pdf.codes import verification_code_new
from lms.storage import private_storage
from lms.training.models import Assignment, CompletionRecord


class CertificateQuerySet(models.QuerySet):
    def valid(self) -> "CertificateQuerySet":
        return self.filter(revoked_at__isnull=True)

    def delete(self):
        raise models.ProtectedError(_("Certificates are evidence and cannot be deleted; revoke them."), set(self))


class Certificate(models.Model):
    """Issued once per completion record. What it says is frozen at issue (name, course, date,
    language); the PDF is drawn from these fields. Revoking keeps the row."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="certificates")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="certificates")
    completion = models.OneToOneField(CompletionRecord, on_delete=models.PROTECT, related_name="certificate")
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=verification_code_new, editable=False
    )
    language = models.CharField(_("language"), max_length=8)
    employee_name = models.CharField(_("name"), max_length=200)
    course_title = models.CharField(_("course"), max_length=255)
    course_title_ja = models.CharField(_("course (Japanese)"), max_length=255)
    course_revision = models.CharField(_("course revision"), max_length=40, blank=True)
    method = models.CharField(_("training method"), max_length=20)
    completed_on = models.DateField(_("completed on"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.employee_name} · {self.course_title} · {self.completed_on}"

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("Certificates are evidence and cannot be deleted; revoke them."), {self})

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class CertificateZipJob(FileJob):
    """All certificates of a unit (and its sub-units) in one ZIP, built by a Celery task."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    certificate_ids = models.JSONField(default=list)
    file = models.FileField(storage=private_storage, upload_to="certificate-zips/", blank=True)

    class Meta(FileJob.Meta):
        verbose_name = _("certificate download")
        verbose_name_plural = _("certificate downloads")

    def __str__(self) -> str:
        return f"{self.unit} · {self.created_at:%Y-%m-%d %H:%M}"
