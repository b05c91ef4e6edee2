"""Certificates follow the completion events: a withdrawn completion revokes, a correction keeps or re-issues."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates.models import Certificate
from lms.training.models import CompletionRecord, EvidenceKind, TrainingMethod
from lms.training.services import completion_correct, completion_record
from tests.factories import UserFactory, grant
from tests.paper.course import campaign_build, course_build, paper_assignment

TODAY = datetime.date.today()


@pytest.fixture
def issued(db, units, django_capture_on_commit_callbacks):
    course = course_build(translate_to=("en",))
    hr = UserFactory(username="hr-receivers")
    grant(hr, "hr", units["plant_a"])
    assignment = paper_assignment(
        campaign=campaign_build(course=course),
        unit=units["plant_a"],
        language="en",
        method=TrainingMethod.ELEARNING,
        full_name="Ann Lee",
    )
    with django_capture_on_commit_callbacks(execute=True):
        record = completion_record(
            assignment=assignment,
            method=assignment.method,
            completed_on=TODAY,
            recorded_by=None,
            evidence_kind=EvidenceKind.QUIZ_ATTEMPT,
        )
    certificate = Certificate.objects.get(completion=record)
    return {"record": record, "hr": hr, "certificate": certificate, "assignment": assignment}


def _verify_page(client, certificate):
    response = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def test_withdrawing_a_completion_in_the_admin_revokes_its_certificate_on_the_public_page(
    client, issued, django_capture_on_commit_callbacks
):
    certificate, hr = issued["certificate"], issued["hr"]
    assert 'class="status-valid"' in _verify_page(client, certificate)
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("completionrecord:correct", args=[issued["record"].pk]),
            {"reason": "Someone else sat the test", "void": "on"},
        )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_by == hr
    assert certificate.revoke_reason == "Completion withdrawn: Someone else sat the test"
    assert ModelLogEntry.objects.filter(action="mamori.certificate.revoke", object_id=str(certificate.pk)).exists()
    client.logout()
    body = _verify_page(client, certificate)
    assert 'class="status-revoked"' in body and 'class="status-valid"' not in body


def test_a_correction_that_keeps_date_and_method_keeps_the_certificate(issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        correction = completion_correct(record=issued["record"], actor=issued["hr"], reason="Evidence note fixed")
    certificate = Certificate.objects.get()
    assert certificate.pk == issued["certificate"].pk
    assert certificate.revoked_at is None and certificate.completion == correction
    assert ModelLogEntry.objects.filter(action="mamori.certificate.keep", object_id=str(certificate.pk)).exists()


def test_a_correction_of_the_date_revokes_the_old_certificate_and_issues_one_with_the_new_date(
    client, issued, django_capture_on_commit_callbacks
):
    new_date = TODAY - datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        correction = completion_correct(
            record=issued["record"], actor=issued["hr"], reason="Date typed wrong", completed_on=new_date
        )
    old = Certificate.objects.get(pk=issued["certificate"].pk)
    assert old.revoked_at is not None and old.revoke_reason == "Replaced after a correction: Date typed wrong"
    new = Certificate.objects.valid().get()
    assert new.completion == correction and new.completed_on == new_date
    assert new.verification_code != old.verification_code
    assert 'class="status-revoked"' in _verify_page(client, old)
    assert 'class="status-valid"' in _verify_page(client, new)


def test_a_completion_recorded_again_after_a_withdrawal_gets_a_new_certificate(
    issued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        completion_correct(record=issued["record"], actor=issued["hr"], reason="Wrong person", void=True)
        again = completion_record(
            assignment=issued["assignment"],
            method=TrainingMethod.ELEARNING,
            completed_on=TODAY,
            recorded_by=None,
            evidence_kind=EvidenceKind.QUIZ_ATTEMPT,
        )
    assert CompletionRecord.objects.current().get() == again
    assert Certificate.objects.valid().get().completion == again
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 1
