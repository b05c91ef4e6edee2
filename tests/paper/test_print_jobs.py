import io

import pytest
from pypdf import PdfReader

from lms.paper import tasks
from lms.paper.models import ExcerptPrintJob
from lms.paper.services import print_job_cancel, print_job_create
from lms.training.models import CompletionRecord, TrainingMethod
from tests.factories import UserFactory, grant
from tests.pdf.helpers import pdf_pages_text

from .course import campaign_build, course_build, paper_assignment


@pytest.fixture
def batch(db, units, private_files):
    course = course_build(translate_to=("en",))
    campaign = campaign_build(course=course)
    hr = UserFactory(username="hr-acme")
    grant(hr, "hr", units["acme"])
    people = [
        paper_assignment(campaign=campaign, unit=units["plant_b"], language="en", full_name="Bea English"),
        paper_assignment(campaign=campaign, unit=units["dept_a"], language="ja", full_name="山田 花子"),
        paper_assignment(campaign=campaign, unit=units["plant_a"], language="vi", full_name="Nguyễn Văn An"),
        paper_assignment(campaign=campaign, unit=units["plant_a"], language="ja", full_name="佐藤 次郎"),
    ]
    # Not printed: e-learning, and someone outside HR's scope.
    paper_assignment(campaign=campaign, unit=units["plant_a"], method=TrainingMethod.ELEARNING, full_name="PC User")
    paper_assignment(campaign=campaign, unit=units["other"], full_name="Overseas Person")
    return {"course": course, "campaign": campaign, "hr": hr, "people": people, "tmp": private_files, "units": units}


def _job(batch, monkeypatch, chunk=2):
    monkeypatch.setattr(tasks, "CHUNK_SIZE", chunk)
    return print_job_create(actor=batch["hr"], campaign=batch["campaign"], methods=[TrainingMethod.PRINTED_EXCERPT])


def test_batch_builds_one_pdf_sorted_by_unit_in_each_language(batch, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(batch, monkeypatch)
    job.refresh_from_db()
    assert job.status == ExcerptPrintJob.Status.DONE, job.error
    assert (job.total, job.done, job.percent) == (4, 4, 100)
    data = job.file.read()
    pages = pdf_pages_text(data)
    slips = [p for p in pages if "受領確認書" in p and ("Employee number" in p or "E0" in p)]
    names = [next(n for n in ("佐藤 次郎", "Nguyễn Văn An", "山田 花子", "Bea English") if n in s) for s in slips]
    # Plant A (path order: ACME-PA, then its department ACME-PA-ASM), then plant B.
    assert names[-1] == "Bea English"
    assert set(names[:3]) == {"佐藤 次郎", "Nguyễn Văn An", "山田 花子"}
    assert "Rule 1 key point one." in "".join(pages)
    assert len(PdfReader(io.BytesIO(data)).pages) == len(pages)
    assert not CompletionRecord.objects.exists()  # printing records nothing
    # Only the finished PDF is stored, under the name the job gives.
    assert [p.relative_to(batch["tmp"]).as_posix() for p in batch["tmp"].rglob("*") if p.is_file()] == [job.file.name]


def test_failure_mid_batch_marks_the_job_failed_and_leaves_no_file(
    batch, monkeypatch, django_capture_on_commit_callbacks
):
    real = tasks.slips_pdf
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("printer on fire")
        return real(**kwargs)

    monkeypatch.setattr(tasks, "slips_pdf", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(batch, monkeypatch)
    job.refresh_from_db()
    assert job.status == ExcerptPrintJob.Status.FAILED
    assert "printer on fire" in job.error
    assert not job.file
    assert not [p for p in batch["tmp"].rglob("*") if p.is_file()]


def test_cancelled_job_stops_and_offers_no_file(batch, monkeypatch, django_capture_on_commit_callbacks):
    real = tasks._progress_save

    def cancel_then_save(job, done):
        print_job_cancel(job=job, actor=batch["hr"])
        real(job, done)

    monkeypatch.setattr(tasks, "_progress_save", cancel_then_save)
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(batch, monkeypatch)
    job.refresh_from_db()
    assert job.status == ExcerptPrintJob.Status.CANCELLED
    assert job.done == 0
    assert not job.file
    assert not [p for p in batch["tmp"].rglob("*") if p.is_file()]


def test_a_job_redelivered_after_a_worker_died_starts_over(batch, monkeypatch):
    monkeypatch.setattr(tasks, "CHUNK_SIZE", 2)
    job = ExcerptPrintJob.objects.create(
        campaign=batch["campaign"],
        assignment_ids=[a.pk for a in batch["people"]],
        total=4,
        done=2,
        status=ExcerptPrintJob.Status.RUNNING,
        created_by=batch["hr"],
    )
    assert tasks.excerpt_print_job_run(job.pk) == ExcerptPrintJob.Status.DONE
    job.refresh_from_db()
    assert job.done == 4 and job.file
