"""Private files in a real S3-compatible bucket (moto's server): each kind is stored there as a
private object, and a permitted download is a redirect to a short-lived signed URL."""

import datetime
import io
import re
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from certificates.models import CertificateZipJob
from certificates.services import certificate_zip_job_create
from lms.paper.models import ExcerptPrintJob
from lms.paper.services import SlipAlreadyRecorded, print_job_create, slip_record_by_token
from lms.paper.tokens import slip_token_make
from lms.roster import uploads
from lms.roster.models import RosterImport
from lms.storage import private_file_response
from lms.training.models import EvidenceKind, TrainingMethod
from lms.training.services import completion_record
from tests.factories import UserFactory, grant
from tests.paper.course import campaign_build, course_build, paper_assignment
from tests.roster.rosters import person, roster_csv

from .conftest import http_get

TODAY = datetime.date.today()


@pytest.fixture
def staff(db, units):
    """HR of plant A, who does the work, and HR of plant B, who may not see it."""
    hr = UserFactory(username="hr-s3")
    grant(hr, "hr", units["plant_a"])
    other = UserFactory(username="hr-s3-other")
    grant(other, "hr", units["plant_b"])
    return {"hr": hr, "other": other, "units": units}


def signed_download(response, bucket, *, filename: str) -> bytes:
    """The bytes behind a download view's answer, which must be a redirect to a signed URL."""
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{bucket.server.endpoint_url}/{bucket.server.bucket}/{bucket.location}/")
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Signature"] and query["X-Amz-Expires"] == ["300"]
    assert "no-store" in response["Cache-Control"]
    answer = http_get(location)
    assert answer.status == 200
    assert answer.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    return answer.body


def refused_without_url(response, bucket, status: int) -> None:
    """Refused with exactly ``status`` (403 without the role, 404 outside the user's units), no bucket URL."""
    assert response.status_code == status
    assert bucket.server.endpoint_url not in response.get("Location", "")
    assert bucket.server.endpoint_url.encode() not in response.content


def test_the_server_serves_a_public_object_to_anyone(s3_server):
    """The control for the refusals below: the server does answer anonymous reads it allows."""
    s3_server.client().put_object(Bucket=s3_server.bucket, Key="control/public.txt", Body=b"open", ACL="public-read")
    answer = http_get(f"{s3_server.endpoint_url}/{s3_server.bucket}/control/public.txt")
    assert (answer.status, answer.body) == (200, b"open")


def test_print_job_pdf_is_a_private_object_downloaded_through_a_signed_url(
    bucket, staff, client, django_capture_on_commit_callbacks
):
    campaign = campaign_build(course=course_build(translate_to=()))
    paper_assignment(campaign=campaign, unit=staff["units"]["plant_a"], full_name="Kenji")
    with django_capture_on_commit_callbacks(execute=True):
        job = print_job_create(actor=staff["hr"], campaign=campaign, methods=[TrainingMethod.PRINTED_EXCERPT])
    job.refresh_from_db()
    assert job.status == ExcerptPrintJob.Status.DONE, job.error
    assert bucket.names() == [job.file.name] == [f"print-jobs/excerpts-{job.pk}.pdf"]
    stored = bucket.read(job.file.name)
    assert stored.startswith(b"%PDF-")
    assert bucket.anonymous_get(job.file.name).status == 403

    url = reverse("paper:print_job_download", args=[job.pk])
    client.force_login(staff["hr"])
    assert signed_download(client.get(url), bucket, filename=f"excerpts-{job.pk}.pdf") == stored

    client.force_login(staff["other"])
    refused_without_url(client.get(url), bucket, 404)
    manager = UserFactory(username="manager-s3")
    grant(manager, "manager", staff["units"]["plant_a"])
    client.force_login(manager)
    refused_without_url(client.get(url), bucket, 403)


def test_certificate_zip_is_a_private_object_downloaded_through_a_signed_url(
    bucket, staff, client, django_capture_on_commit_callbacks
):
    campaign = campaign_build(course=course_build(translate_to=("en",)))
    assignment = paper_assignment(
        campaign=campaign, unit=staff["units"]["plant_a"], language="en", method=TrainingMethod.ELEARNING
    )
    with django_capture_on_commit_callbacks(execute=True):
        completion_record(
            assignment=assignment,
            method=assignment.method,
            completed_on=TODAY,
            recorded_by=None,
            evidence_kind=EvidenceKind.QUIZ_ATTEMPT,
        )
    with django_capture_on_commit_callbacks(execute=True):
        job = certificate_zip_job_create(actor=staff["hr"], unit=staff["units"]["plant_a"])
    job.refresh_from_db()
    assert job.status == CertificateZipJob.Status.DONE, job.error
    assert bucket.names() == [job.file.name] == [f"certificate-zips/certificates-{job.pk}.zip"]
    assert bucket.anonymous_get(job.file.name).status == 403

    url = reverse("certificates_admin:zip_job", args=[job.pk]) + "?download=1"
    client.force_login(staff["hr"])
    data = signed_download(client.get(url), bucket, filename="certificates-ACME-PA.zip")
    assert data == bucket.read(job.file.name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [name.split("/")[0] for name in archive.namelist()] == ["ACME-PA"]

    client.force_login(staff["other"])
    refused_without_url(client.get(url), bucket, 404)


def test_slip_scan_is_a_private_object_handed_out_through_a_signed_url(bucket, staff):
    """Slip scans have no download screen; the helper every download view uses hands them out."""
    campaign = campaign_build(course=course_build(translate_to=()))
    assignment = paper_assignment(campaign=campaign, unit=staff["units"]["plant_a"])
    token = slip_token_make(assignment=assignment)
    scan = b"%PDF-1.4\n% a signed slip\n"
    slip = slip_record_by_token(
        token=token,
        signed_on=TODAY,
        actor=staff["hr"],
        attachment=SimpleUploadedFile("scan.pdf", scan, content_type="application/pdf"),
    )
    assert bucket.names() == [slip.attachment.name]
    assert re.fullmatch(r"slips/\d{4}/\d{2}/slip-\d+\.pdf", slip.attachment.name)
    assert bucket.read(slip.attachment.name) == scan
    assert bucket.anonymous_get(slip.attachment.name).status == 403
    response = private_file_response(slip.attachment, filename="slip.pdf", content_type="application/pdf")
    assert signed_download(response, bucket, filename="slip.pdf") == scan

    # A second slip for the same person is refused and leaves no object behind.
    with pytest.raises(SlipAlreadyRecorded):
        slip_record_by_token(
            token=token,
            signed_on=TODAY,
            actor=staff["hr"],
            attachment=SimpleUploadedFile("again.pdf", b"%PDF-1.4\n% again\n", content_type="application/pdf"),
        )
    assert bucket.names() == [slip.attachment.name]


def _roster_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _roster_upload(client, data: bytes) -> str:
    response = client.post(reverse("roster:upload"), {"file": SimpleUploadedFile("roster.csv", data)})
    assert response.status_code == 302
    return re.fullmatch(r"/admin/roster/preview/([\w-]+)/", response["Location"]).group(1)


def test_pending_roster_upload_is_a_private_object_read_back_for_preview_and_confirm(bucket, staff, settings):
    hr = _roster_client(staff["hr"])
    data = roster_csv([person("2001"), person("2002", unit_code="ACME-PA-ASM")])
    token = _roster_upload(hr, data)
    assert bucket.names() == [f"roster-uploads/{token}"]
    assert bucket.read(f"roster-uploads/{token}") == data
    assert bucket.anonymous_get(f"roster-uploads/{token}").status == 403

    # Another process: a storage built anew from the settings, sharing nothing but the bucket.
    settings.STORAGES = {
        **settings.STORAGES,
        "private": bucket.server.private_storage_settings(location=bucket.location),
    }
    preview = hr.get(reverse("roster:preview", kwargs={"token": token}))
    assert preview.status_code == 200
    assert 'data-count="new">2<' in preview.content.decode()

    # Another user's session knows nothing of the token.
    other = _roster_client(staff["other"])
    refused = other.get(reverse("roster:preview", kwargs={"token": token}))
    assert refused.status_code == 302 and refused["Location"] == reverse("roster:upload")

    confirmed = hr.post(reverse("roster:confirm", kwargs={"token": token}))
    record = RosterImport.objects.get()
    assert confirmed["Location"] == reverse("roster:result", kwargs={"pk": record.pk})
    assert record.created_count == 2
    assert bucket.names() == []  # applied, so no longer pending


def test_abandoned_roster_uploads_are_removed_from_the_bucket(bucket, staff, monkeypatch):
    hr = _roster_client(staff["hr"])
    abandoned = _roster_upload(hr, roster_csv([person("3001")]))
    assert bucket.names() == [f"roster-uploads/{abandoned}"]
    # Every upload already stored counts as abandoned: the next upload removes it.
    monkeypatch.setattr(uploads, "MAX_AGE_SECONDS", -60)
    latest = _roster_upload(hr, roster_csv([person("3002")]))
    assert bucket.names() == [f"roster-uploads/{latest}"]
