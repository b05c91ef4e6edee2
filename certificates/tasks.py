"""The ZIP task: every certificate of a unit as PDFs in one archive (same pattern as print jobs)."""

import zipfile

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from lms.jobs.running import file_job_progress, file_job_run

from .models import Certificate, CertificateZipJob
from .services import certificate_pdf


def verify_url_for(certificate: Certificate) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "certificates:verify", args=[certificate.verification_code]
    )


def certificate_zip_build(job: CertificateZipJob, output) -> None:
    """Write the job's ZIP, one PDF per certificate in unit order, to the binary file ``output``."""
    certificates = Certificate.objects.filter(pk__in=job.certificate_ids).select_related("employee__unit")
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, certificate in enumerate(certificates.order_by("employee__unit__path", "employee__number"), 1):
            name = f"{certificate.employee.unit.code}/{certificate.employee.number}-{certificate.pk}.pdf"
            archive.writestr(name, certificate_pdf(certificate=certificate, verify_url=verify_url_for(certificate)))
            file_job_progress(job, done)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def certificate_zip_job_run(job_pk: int) -> str:
    job = CertificateZipJob.objects.get(pk=job_pk)
    return file_job_run(job, final_name=f"certificate-zips/certificates-{job.pk}.zip", build=certificate_zip_build)
