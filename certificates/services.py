"""Issuing, drawing and revoking certificates; bundling a unit's certificates as a ZIP."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit.services import audit_log
from lms.learning.models import CoursePage
from lms.learning.selectors import course_for_language
from lms.organisation.models import OrgUnit
from lms.training.models import CompletionRecord

from .models import Certificate, CertificateZipJob
from .selectors import certificates_for_unit


class CertificateError(Exception):
    """A certificate operation refused, with a message for the user."""


def certificate_issue(*, completion_id: int) -> Certificate | None:
    """Issue the certificate of a completion record, once; freezes what it will say.

    Called after the completion's transaction commits (``completion_recorded``), and for a
    correction that changes what the certificate says. A withdrawn or superseded record issues
    nothing; a completion that already has one keeps it.
    """
    completion = (
        CompletionRecord.objects.current()
        .select_related("assignment__employee", "assignment__campaign__course")
        .filter(pk=completion_id)
        .first()
    )
    if completion is None:
        return None
    existing = Certificate.objects.filter(completion=completion).first()
    if existing is not None:
        return existing
    assignment = completion.assignment
    employee = assignment.employee
    language = employee.preferred_language
    course = assignment.campaign.course.specific
    shown = course_for_language(course=course, language=language) if isinstance(course, CoursePage) else course
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                employee=employee,
                assignment=assignment,
                completion=completion,
                language=language,
                employee_name=employee.full_name,
                course_title=shown.title,
                course_title_ja=course.title,
                course_revision=getattr(course, "revision_label", ""),
                method=completion.method,
                completed_on=completion.completed_on,
            )
            audit_log(
                actor=completion.recorded_by,
                action="mamori.certificate.issue",
                instance=certificate,
                data={"completion": completion.pk, "language": language},
            )
    except IntegrityError:
        return Certificate.objects.get(completion=completion)
    return certificate


def certificate_pdf(*, certificate: Certificate, verify_url: str) -> bytes:
    """The certificate drawn from its frozen fields, in its language with Japanese beside it."""
    import segno

    from lms.pdf.rendering import render_pdf

    from .documents import certificate_texts

    return render_pdf(
        "certificates/certificate.html",
        {
            "certificate": certificate,
            "texts": certificate_texts(certificate.language),
            "texts_ja": certificate_texts(settings.LANGUAGE_CODE),
            "verify_url": verify_url,
            "qr_data_uri": segno.make(verify_url, error="m").png_data_uri(scale=3, border=2),
            "document_revision": certificate.course_revision,
        },
        language=certificate.language,
    )


def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    if not reason.strip():
        raise CertificateError(_("Revoking a certificate needs a reason."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            raise CertificateError(_("This certificate is already revoked."))
        certificate.revoked_at = timezone.now()
        certificate.revoke_reason = reason.strip()[:500]
        certificate.revoked_by = actor
        certificate.save(update_fields=["revoked_at", "revoke_reason", "revoked_by"])
        audit_log(actor=actor, action="mamori.certificate.revoke", instance=certificate, data={"reason": reason})
    return certificate


def certificates_follow_correction(*, correction_id: int, corrected_id: int, void: bool, reason: str, actor_id=None):
    """Bring the certificates of a corrected completion in line with the evidence.

    - withdrawn (void): every valid certificate of the assignment is revoked, with the reason;
    - corrected and still complete: a certificate that says the same (date, method) is kept and
      follows the new record; one that no longer matches is revoked and a new one is issued.
    Called after the correction commits (``completion_corrected``).
    """
    correction = CompletionRecord.objects.select_related("recorded_by").get(pk=correction_id)
    actor = correction.recorded_by
    valid = list(Certificate.objects.valid().filter(assignment_id=correction.assignment_id))
    if void:
        for certificate in valid:
            certificate_revoke(
                certificate=certificate, actor=actor, reason=_("Completion withdrawn: %(reason)s") % {"reason": reason}
            )
        return
    for certificate in valid:
        if certificate.completed_on == correction.completed_on and certificate.method == correction.method:
            with transaction.atomic():
                Certificate.objects.filter(pk=certificate.pk).update(completion=correction)
                audit_log(
                    actor=actor,
                    action="mamori.certificate.keep",
                    instance=certificate,
                    data={"completion": correction.pk, "replaces": corrected_id},
                )
            continue
        certificate_revoke(
            certificate=certificate,
            actor=actor,
            reason=_("Replaced after a correction: %(reason)s") % {"reason": reason},
        )
    if not Certificate.objects.valid().filter(assignment_id=correction.assignment_id).exists():
        certificate_issue(completion_id=correction.pk)


def certificate_zip_job_create(*, actor, unit: OrgUnit) -> CertificateZipJob:
    from .tasks import certificate_zip_job_run

    ids = list(certificates_for_unit(user=actor, unit=unit).values_list("pk", flat=True))
    with transaction.atomic():
        job = CertificateZipJob.objects.create(unit=unit, certificate_ids=ids, total=len(ids), created_by=actor)
        audit_log(actor=actor, action="mamori.certificate_zip.create", instance=job, data={"certificates": len(ids)})
        transaction.on_commit(lambda: certificate_zip_job_run.delay(job.pk))
    return job
