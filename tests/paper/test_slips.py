import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import dumps

from lms.paper.models import SlipReturn
from lms.paper.services import SlipAlreadyRecorded, SlipRefused, slip_record, slip_record_by_token
from lms.paper.tokens import slip_token_make
from lms.training.models import Campaign, CompletionRecord, EvidenceKind, TrainingMethod
from tests.factories import UserFactory, grant

from .course import campaign_build, course_build, paper_assignment

TODAY = datetime.date.today()


@pytest.fixture
def setup(db, units):
    course = course_build(translate_to=())
    campaign = campaign_build(course=course)
    hr = UserFactory(username="hr-a")
    grant(hr, "hr", units["plant_a"])
    return {"course": course, "campaign": campaign, "hr": hr, "units": units}


def test_scanning_a_slip_records_the_completion_once(setup):
    assignment = paper_assignment(campaign=setup["campaign"], unit=setup["units"]["dept_a"])
    token = slip_token_make(assignment=assignment)
    slip = slip_record_by_token(token=token, signed_on=TODAY, actor=setup["hr"])
    record = CompletionRecord.objects.current().get(assignment=assignment)
    assert record.evidence_kind == EvidenceKind.SLIP
    assert record.evidence == slip
    assert record.method == TrainingMethod.PRINTED_EXCERPT
    assert record.completed_on == TODAY
    with pytest.raises(SlipAlreadyRecorded, match="already recorded"):
        slip_record_by_token(token=token, signed_on=TODAY, actor=setup["hr"])
    assert SlipReturn.objects.count() == 1
    assert CompletionRecord.objects.count() == 1


def test_hr_handout_joiners_use_the_same_slips(setup):
    assignment = paper_assignment(
        campaign=setup["campaign"], unit=setup["units"]["plant_a"], method=TrainingMethod.HR_HANDOUT
    )
    slip_record_by_token(token=slip_token_make(assignment=assignment), signed_on=TODAY, actor=setup["hr"])
    assert CompletionRecord.objects.current().get(assignment=assignment).method == TrainingMethod.HR_HANDOUT


def test_forged_or_foreign_tokens_are_refused(setup, units):
    assignment = paper_assignment(campaign=setup["campaign"], unit=units["plant_a"])
    forged = dumps([assignment.pk, setup["campaign"].pk], salt="another.salt", compress=True)
    with pytest.raises(SlipRefused, match="not printed by Mamori"):
        slip_record_by_token(token=forged, signed_on=TODAY, actor=setup["hr"])
    with pytest.raises(SlipRefused, match="not printed by Mamori"):
        slip_record_by_token(
            token=slip_token_make(assignment=assignment)[:-2] + "xx", signed_on=TODAY, actor=setup["hr"]
        )
    # Another unit's slip: HR of plant A cannot record plant B.
    elsewhere = paper_assignment(campaign=setup["campaign"], unit=units["plant_b"])
    with pytest.raises(SlipRefused, match="nobody in your units"):
        slip_record_by_token(token=slip_token_make(assignment=elsewhere), signed_on=TODAY, actor=setup["hr"])
    assert not CompletionRecord.objects.exists()


def test_closed_campaign_slip_is_refused(setup, units):
    closed = campaign_build(course=setup["course"], status=Campaign.Status.CLOSED, name="FY2025")
    assignment = paper_assignment(campaign=closed, unit=units["plant_a"])
    with pytest.raises(SlipRefused, match="not open"):
        slip_record_by_token(token=slip_token_make(assignment=assignment), signed_on=TODAY, actor=setup["hr"])
    assert not SlipReturn.objects.exists()


def test_elearning_people_cannot_return_slips(setup, units):
    assignment = paper_assignment(campaign=setup["campaign"], unit=units["plant_a"], method=TrainingMethod.ELEARNING)
    with pytest.raises(SlipRefused, match="not on paper"):
        slip_record(assignment=assignment, signed_on=TODAY, actor=setup["hr"], via=SlipReturn.Via.CHECKLIST)


def test_attachment_type_is_checked_by_content(setup, units, settings, private_files):
    assignment = paper_assignment(campaign=setup["campaign"], unit=units["plant_a"])
    fake = SimpleUploadedFile("slip.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(SlipRefused, match="PDF, JPEG or PNG"):
        slip_record(
            assignment=assignment, signed_on=TODAY, actor=setup["hr"], via=SlipReturn.Via.CHECKLIST, attachment=fake
        )
    big = SimpleUploadedFile("slip.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), content_type="image/png")
    with pytest.raises(SlipRefused, match="5 MB"):
        slip_record(
            assignment=assignment, signed_on=TODAY, actor=setup["hr"], via=SlipReturn.Via.CHECKLIST, attachment=big
        )
    good = SimpleUploadedFile("scan.bin", b"%PDF-1.4\n%...", content_type="application/octet-stream")
    slip = slip_record(
        assignment=assignment, signed_on=TODAY, actor=setup["hr"], via=SlipReturn.Via.CHECKLIST, attachment=good
    )
    assert slip.attachment_type == "application/pdf"
    stored = private_files / slip.attachment.name
    assert stored.read_bytes().startswith(b"%PDF-")
    assert str(private_files) not in str(settings.MEDIA_ROOT)
    # A second attempt with a file leaves no orphan file behind.
    again = SimpleUploadedFile("scan2.jpg", b"\xff\xd8\xff\xe0 jpeg", content_type="image/jpeg")
    with pytest.raises(SlipAlreadyRecorded):
        slip_record(
            assignment=assignment, signed_on=TODAY, actor=setup["hr"], via=SlipReturn.Via.CHECKLIST, attachment=again
        )
    assert len(list((private_files / "slips").rglob("*.*"))) == 1


def test_slips_are_evidence_and_cannot_be_deleted(setup, units):
    from django.db.models import ProtectedError

    assignment = paper_assignment(campaign=setup["campaign"], unit=units["plant_a"])
    slip = slip_record(assignment=assignment, signed_on=TODAY, actor=setup["hr"], via=SlipReturn.Via.CHECKLIST)
    with pytest.raises(ProtectedError):
        slip.delete()
