"""Recording a read-aloud session: pledge records on the attendees' behalf, completions, refusals."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from lms.training.models import CompletionRecord, EvidenceKind, TrainingMethod
from pledges.models import SignedPledge
from sessions.models import ClauseRecording, TrainingSession
from sessions.services import SessionRefused
from sessions.services.read_aloud import clause_recording_upload, read_aloud_record
from tests.pledges.helpers import record_on_paper

MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64


def _ids(session, *people):
    return [session.attendees.get(employee=person).pk for person in people]


def test_recording_writes_a_pledge_and_a_completion_per_ticked_attendee(
    read_aloud, foreign_workers, trainer, private_files
):
    p1, p2, v1 = foreign_workers["p1"], foreign_workers["p2"], foreign_workers["v1"]
    read_aloud_record(
        session=read_aloud,
        actor=trainer,
        present_ids=_ids(read_aloud, p1, v1),
        facilitator_name="Sato Facilitator",
        interpreter_name="Marcos Interpreter",
    )
    pledges = {p.employee_id: p for p in SignedPledge.objects.all()}
    assert set(pledges) == {p1.pk, v1.pk}
    pledge = pledges[p1.pk]
    assert pledge.method == SignedPledge.Method.READ_ALOUD
    assert pledge.authentication == SignedPledge.Authentication.ON_BEHALF
    assert (pledge.language, pledges[v1.pk].language) == ("pt-br", "vi")
    assert pledge.facilitator_name == "Sato Facilitator" and pledge.interpreter_name == "Marcos Interpreter"
    assert pledge.occasion == f"session:{read_aloud.pk}"
    assert pledge.signed_on == read_aloud.held_on
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pledge.pdf.read())).pages)
    assert "Sato Facilitator" in text and "Marcos Interpreter" in text

    completions = CompletionRecord.objects.current()
    assert {c.assignment.employee_id for c in completions} == {p1.pk, v1.pk}
    assert {(c.method, c.evidence_kind) for c in completions} == {(TrainingMethod.READ_ALOUD, EvidenceKind.ATTENDANCE)}
    read_aloud.refresh_from_db()
    assert read_aloud.status == TrainingSession.Status.CLOSED
    assert read_aloud.facilitator_name == "Sato Facilitator"
    absent = read_aloud.attendees.get(employee=p2)
    assert absent.attended is False and absent.pledge is None and absent.completion is None


def test_recording_twice_is_refused(read_aloud, foreign_workers, trainer, private_files):
    ids = _ids(read_aloud, foreign_workers["p1"])
    read_aloud_record(session=read_aloud, actor=trainer, present_ids=ids, facilitator_name="S", interpreter_name="")
    with pytest.raises(SessionRefused, match="already closed"):
        read_aloud_record(session=read_aloud, actor=trainer, present_ids=ids, facilitator_name="S", interpreter_name="")
    assert SignedPledge.objects.count() == 1


def test_a_worker_who_signed_at_hiring_still_gets_this_years_reading(
    read_aloud, foreign_workers, trainer, admin_user, hire_pledge, private_files
):
    """The hire pledge is signed once; the yearly reading is one more record, for this session."""
    p1 = foreign_workers["p1"]
    record_on_paper(actor=admin_user, employee=p1, version=hire_pledge, language="pt-br")
    read_aloud_record(
        session=read_aloud, actor=trainer, present_ids=_ids(read_aloud, p1), facilitator_name="S", interpreter_name=""
    )
    methods = sorted(SignedPledge.objects.valid().filter(employee=p1).values_list("method", flat=True))
    assert methods == [SignedPledge.Method.PAPER, SignedPledge.Method.READ_ALOUD]


@pytest.mark.parametrize(
    ("facilitator", "present", "message"),
    [
        ("", "all", "Name the facilitator"),
        ("S", "none", "Tick the attendees"),
        ("S", "stranger", "not on this session"),
    ],
)
def test_refusals_write_nothing(
    read_aloud, foreign_workers, key_persons, classroom, trainer, private_files, facilitator, present, message
):
    ids = {
        "all": _ids(read_aloud, *foreign_workers.values()),
        "none": [],
        "stranger": [classroom.attendees.first().pk],
    }[present]
    with pytest.raises(SessionRefused, match=message):
        read_aloud_record(
            session=read_aloud, actor=trainer, present_ids=ids, facilitator_name=facilitator, interpreter_name=""
        )
    assert not SignedPledge.objects.exists()
    assert not CompletionRecord.objects.exists()
    read_aloud.refresh_from_db()
    assert read_aloud.status == TrainingSession.Status.SCHEDULED
    assert not list(private_files.rglob("*.pdf"))


def test_a_failure_midway_removes_the_pdfs_already_stored(
    read_aloud, foreign_workers, trainer, private_files, monkeypatch
):
    """The second attendee's completion fails: the first pledge row rolls back and its sealed PDF is deleted."""
    from sessions.services import read_aloud as module

    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("worker died")

    monkeypatch.setattr(module, "attendance_complete", failing)
    with pytest.raises(RuntimeError):
        read_aloud_record(
            session=read_aloud,
            actor=trainer,
            present_ids=_ids(read_aloud, *foreign_workers.values()),
            facilitator_name="S",
            interpreter_name="",
        )
    assert not SignedPledge.objects.exists()
    assert not list(private_files.rglob("*.pdf"))


def test_clause_recordings_are_checked_and_replaced(hire_pledge, trainer, private_files):
    upload = SimpleUploadedFile("c1.mp3", MP3, content_type="audio/mpeg")
    first = clause_recording_upload(actor=trainer, version=hire_pledge, position=1, language="pt-br", upload=upload)
    assert first.mime == "audio/mpeg"
    second = clause_recording_upload(
        actor=trainer,
        version=hire_pledge,
        position=1,
        language="pt-br",
        upload=SimpleUploadedFile("c1.mp3", MP3 + b"x"),
    )
    assert list(ClauseRecording.objects.values_list("pk", flat=True)) == [second.pk]
    with pytest.raises(SessionRefused, match="must be an MP3"):
        clause_recording_upload(
            actor=trainer, version=hire_pledge, position=1, language="vi", upload=SimpleUploadedFile("x.mp3", b"<html>")
        )
    with pytest.raises(SessionRefused, match="no such clause"):
        clause_recording_upload(actor=trainer, version=hire_pledge, position=99, language="vi", upload=upload)
    assert ClauseRecording.objects.count() == 1
