import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates.models import Certificate, CertificateZipJob
from certificates.services import CertificateError, certificate_pdf, certificate_revoke, certificate_zip_job_create
from lms.training.models import EvidenceKind, TrainingMethod
from lms.training.services import completion_record
from tests.factories import UserFactory, grant
from tests.paper.course import campaign_build, course_build, paper_assignment
from tests.pdf.helpers import pdf_fonts, pdf_text
from tests.refusals import assert_forbidden, assert_not_found, nothing_changes

TODAY = datetime.date.today()


@pytest.fixture
def done(db, units, django_capture_on_commit_callbacks):
    course = course_build(translate_to=("en",))
    campaign = campaign_build(course=course)
    hr = UserFactory(username="hr-cert")
    grant(hr, "hr", units["plant_a"])
    assignment = paper_assignment(
        campaign=campaign, unit=units["plant_a"], language="en", method=TrainingMethod.ELEARNING, full_name="Ann Lee"
    )
    with django_capture_on_commit_callbacks(execute=True):
        record = completion_record(
            assignment=assignment,
            method=assignment.method,
            completed_on=TODAY,
            recorded_by=None,
            evidence_kind=EvidenceKind.QUIZ_ATTEMPT,
        )
    return {"record": record, "hr": hr, "assignment": assignment, "units": units, "campaign": campaign}


def test_a_completion_issues_one_certificate_after_commit(done):
    certificate = Certificate.objects.get(completion=done["record"])
    assert certificate.employee_name == "Ann Lee"
    assert certificate.course_title == "Protecting technical information: nine rules"
    assert certificate.course_title_ja == "技術情報保護 9 つのルール"
    assert certificate.language == "en" and certificate.completed_on == TODAY
    assert len(certificate.verification_code) >= 20
    assert ModelLogEntry.objects.filter(action="mamori.certificate.issue", object_id=str(certificate.pk)).exists()


def test_a_rolled_back_completion_issues_nothing(db, units, django_capture_on_commit_callbacks):
    from django.db import transaction

    course = course_build(translate_to=())
    assignment = paper_assignment(campaign=campaign_build(course=course), unit=units["plant_a"])
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                completion_record(
                    assignment=assignment,
                    method=assignment.method,
                    completed_on=TODAY,
                    recorded_by=None,
                    evidence_kind=EvidenceKind.SLIP,
                )
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert not Certificate.objects.exists()


def test_certificate_pdf_has_both_languages_and_the_code(done):
    certificate = Certificate.objects.get()
    data = certificate_pdf(certificate=certificate, verify_url="http://localhost:8000/verify/x/")
    text = pdf_text(data).replace("\n", " ")
    assert "Ann Lee" in text
    assert certificate.verification_code in text
    assert "技術情報保護 9 つのルール" in text
    fonts = pdf_fonts(data)
    assert all(embedded for _, embedded in fonts), fonts


def test_verify_page_is_public_and_shows_only_name_course_date_status(client, done):
    certificate = Certificate.objects.get()
    url = reverse("certificates:verify", args=[certificate.verification_code])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ann Lee" in body and 'id="verify-status" class="status-valid"' in body
    employee = done["assignment"].employee
    assert employee.number not in body and done["units"]["plant_a"].name not in body
    # Nobody between the checker and the server may keep a "valid" answer.
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    certificate_revoke(certificate=certificate, actor=done["hr"], reason="Completed by someone else")
    assert 'class="status-revoked"' in client.get(url).content.decode()
    unknown = client.get(reverse("certificates:verify", args=["not-a-real-code"]))
    assert "No certificate has this code." in unknown.content.decode()
    assert "Ann Lee" not in unknown.content.decode()


def test_revoke_needs_a_reason_and_is_audited(done):
    certificate = Certificate.objects.get()
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, actor=done["hr"], reason="  ")
    certificate_revoke(certificate=certificate, actor=done["hr"], reason="Wrong person")
    certificate.refresh_from_db()
    assert certificate.revoked_by == done["hr"] and certificate.revoke_reason == "Wrong person"
    assert ModelLogEntry.objects.filter(action="mamori.certificate.revoke").count() == 1
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, actor=done["hr"], reason="again")


def test_unit_zip_job_holds_every_certificate_of_the_unit(done, private_files, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = certificate_zip_job_create(actor=done["hr"], unit=done["units"]["plant_a"])
    job.refresh_from_db()
    assert job.status == CertificateZipJob.Status.DONE, job.error
    with zipfile.ZipFile(io.BytesIO(job.file.read())) as archive:
        names = archive.namelist()
        assert len(names) == 1 and names[0].startswith("ACME-PA/")
        assert archive.read(names[0]).startswith(b"%PDF-")


def test_hr_of_another_unit_cannot_revoke(client, done):
    other = UserFactory(username="hr-b")
    grant(other, "hr", done["units"]["plant_b"])
    client.force_login(other)
    certificate = Certificate.objects.get()
    with nothing_changes(Certificate):
        assert_not_found(client.post(reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "x"}))
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_managers_get_403_on_the_certificate_screens_and_change_nothing(client, done):
    manager = UserFactory(username="manager-cert")
    grant(manager, "manager", done["units"]["plant_a"])
    client.force_login(manager)
    certificate = Certificate.objects.get()
    with nothing_changes(Certificate, CertificateZipJob):
        assert_forbidden(client.get(reverse("certificates_admin:list")))
        assert_forbidden(client.get(reverse("certificates_admin:download", args=[certificate.pk])))
        assert_forbidden(client.post(reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": "x"}))
