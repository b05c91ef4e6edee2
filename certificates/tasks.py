"""The ZIP task: every certificate of a unit as PDFs in one archive (same pattern as print jobs)."""

import logging
import os
import tempfile
import zipfile
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Certificate, CertificateZipJob
from .services import certificate_pdf

log = logging.getLogger("mamori.certificates")


def verify_url_for(certificate: Certificate) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "certificates:verify", args=[certificate.verification_code]
    )


@shared_task(acks_late=True, reject_on_worker_lost=True)
def certificate_zip_job_run(job_pk: int) -> str:
    job = CertificateZipJob.objects.get(pk=job_pk)
    if job.status not in (CertificateZipJob.Status.QUEUED, CertificateZipJob.Status.RUNNING):
        return job.status
    CertificateZipJob.objects.filter(pk=job.pk).update(status=CertificateZipJob.Status.RUNNING, done=0, error="")
    final_name = f"certificate-zips/certificates-{job.pk}.zip"
    final_path = Path(job.file.storage.path(final_name))
    final_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=final_path.parent, prefix=f".certificates-{job.pk}-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            certificates = Certificate.objects.filter(pk__in=job.certificate_ids).select_related("employee__unit")
            for done, certificate in enumerate(certificates.order_by("employee__unit__path", "employee__number"), 1):
                name = f"{certificate.employee.unit.code}/{certificate.employee.number}-{certificate.pk}.pdf"
                archive.writestr(name, certificate_pdf(certificate=certificate, verify_url=verify_url_for(certificate)))
                if not CertificateZipJob.objects.filter(pk=job.pk, status=CertificateZipJob.Status.RUNNING).update(
                    done=done
                ):
                    raise InterruptedError
        os.replace(tmp_name, final_path)
    except InterruptedError:
        Path(tmp_name).unlink(missing_ok=True)
        return CertificateZipJob.Status.CANCELLED
    except Exception as error:
        Path(tmp_name).unlink(missing_ok=True)
        log.exception("Certificate ZIP job %s failed", job.pk)
        CertificateZipJob.objects.filter(pk=job.pk).update(
            status=CertificateZipJob.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return CertificateZipJob.Status.FAILED
    CertificateZipJob.objects.filter(pk=job.pk, status=CertificateZipJob.Status.RUNNING).update(
        status=CertificateZipJob.Status.DONE, file=final_name, done=job.total, finished_at=timezone.now()
    )
    return CertificateZipJob.Status.DONE
