"""The monthly committee report: its PDF, the scheduled task, the list, the download and "Generate now"."""

import datetime
import io

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader

from lms.audit.actions import ACTIONS
from lms.pdf.rendering import RenderReport
from lms.reports.committee import committee_report_build, previous_month
from lms.reports.models import CommitteeReport
from lms.reports.tasks import committee_report_generate
from lms.training.models import Assignment, TrainingMethod
from lms.training.services import completion_record

NOVEMBER = datetime.date(2026, 11, 1)


@pytest.fixture
def numbers(launched, people, trainer):
    """Plant A 1/2 (a1 done; a2 in its Assembly department open), plant B 2/2, ACME 3/4."""
    completion_record(
        assignment=Assignment.objects.get(campaign=launched, employee=people["b2"]),
        method=TrainingMethod.ELEARNING,
        completed_on=datetime.date(2026, 7, 2),
        recorded_by=trainer,
        evidence_kind="quiz_attempt",
    )
    return launched


def _text(pdf: bytes) -> str:
    """The PDF's text with every run of white space (a cell's line breaks) as one space."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_pdf_gives_completion_per_company_and_site_the_laggards_and_the_trend(numbers):
    report = RenderReport()
    pdf = committee_report_build(month=NOVEMBER, language="en", report=report)
    assert report.warnings == []
    text = _text(pdf)
    assert "November 2026" in text
    assert "社外秘" in text
    assert "Whole group: 3 of 4 people have completed (75%); 0 are overdue." in text
    for line in (
        "ACME Industries Company 4 3 75% 0",
        "ACME Industries › Plant A Site 2 1 50% 0",
        "ACME Industries › Plant B Site 2 2 100% 0",
    ):
        assert line in text
    laggards = text[text.index("The 10 sites and departments with the lowest completion rate") :]
    # Lowest first: the Assembly department (0 of 1), then plant A, then plant B.
    assert laggards.index("› Plant A › Assembly Department 1 0 0%") < laggards.index("› Plant A Site 2 1 50%")
    assert laggards.index("› Plant A Site 2 1 50%") < laggards.index("› Plant B Site 2 2 100%")
    trend = text[text.index("Trend over three fiscal years") :]
    assert "Whole group — — 75%" in trend
    assert "ACME Industries — — 75%" in trend
    # The charts' own labels are text in the PDF too (svglib draws them as vectors, not a picture).
    assert text.count("Plant B") >= 3
    assert "FY2026" in text


def test_the_pdf_in_japanese_draws_every_label_with_the_embedded_font(numbers, units):
    units["plant_a"].name = "東京工場"
    units["plant_a"].save()
    report = RenderReport()
    pdf = committee_report_build(month=NOVEMBER, language="ja", report=report)
    assert report.warnings == []
    text = _text(pdf)
    assert text.count("東京工場") >= 3  # the table, the laggards and the chart's label
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("NotoSans" in name for name in fonts), fonts


def test_no_launched_campaign_gives_a_report_that_says_so(db):
    text = _text(committee_report_build(month=NOVEMBER, language="en"))
    assert "No campaign has been launched in this fiscal year or the two before it." in text


def test_the_task_run_twice_for_one_month_makes_one_report(numbers, private_files):
    assert committee_report_generate("2026-11-01") == CommitteeReport.Status.DONE
    report = CommitteeReport.objects.get()
    first_file = report.file.name
    assert committee_report_generate("2026-11-01") == CommitteeReport.Status.DONE
    report = CommitteeReport.objects.get()
    assert report.file.name == first_file
    assert (report.month, report.fiscal_year, report.language, report.created_by) == (NOVEMBER, 2026, "ja", None)
    assert report.done == report.total == 1
    assert (private_files / first_file).is_file()
    with report.file.open("rb") as handle:
        assert "ACME Industries › Plant B" in _text(handle.read())


def test_the_task_reports_the_previous_month_by_default(numbers, private_files, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2026, 12, 1))
    committee_report_generate()
    assert CommitteeReport.objects.get().month == NOVEMBER
    assert previous_month(datetime.date(2027, 1, 15)) == datetime.date(2026, 12, 1)


def test_beat_runs_the_task_on_the_first_of_every_month_at_six(db, settings):
    task = PeriodicTask.objects.get(task="lms.reports.tasks.committee_report_generate")
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year, crontab.day_of_week) == (
        "0",
        "6",
        "1",
        "*",
        "*",
    )
    assert str(crontab.timezone) == settings.TIME_ZONE
    assert task.enabled


def test_the_schedule_migration_can_run_again_without_a_second_task(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("lms.reports.migrations.0002_committee_report_schedule")
    migration.schedule_create(apps, None)
    assert PeriodicTask.objects.filter(task="lms.reports.tasks.committee_report_generate").count() == 1


@pytest.fixture
def done_report(numbers, private_files):
    committee_report_generate("2026-11-01")
    return CommitteeReport.objects.get()


def test_the_download_is_refused_to_a_manager_and_served_to_an_auditor(client, done_report, manager_a, auditor):
    url = reverse("mamori_committee_report_download", args=[done_report.pk])
    client.force_login(manager_a)
    assert client.get(url).status_code == 403
    client.force_login(auditor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="committee-report-2026-11-ja.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_list_shows_auditors_the_reports_with_their_download_but_no_generate_button(
    client, done_report, auditor, hr_a
):
    client.force_login(hr_a)
    assert client.get(reverse("mamori_committee_reports")).status_code == 403
    client.force_login(auditor)
    response = client.get(reverse("mamori_committee_reports"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "November 2026" in html
    assert reverse("mamori_committee_report_download", args=[done_report.pk]) in html
    assert reverse("mamori_committee_report_generate") not in html


def test_generate_now_is_refused_to_an_auditor(client, numbers, auditor):
    client.force_login(auditor)
    assert client.post(reverse("mamori_committee_report_generate")).status_code == 403
    assert not CommitteeReport.objects.exists()


def test_generate_now_builds_last_months_report_for_a_trainer(
    client, numbers, trainer, private_files, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2026, 12, 10))
    client.force_login(trainer)
    assert client.get(reverse("mamori_committee_report_generate")).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mamori_committee_report_generate"))
    assert response.status_code == 302
    report = CommitteeReport.objects.get()
    assert (report.month, report.created_by, report.status) == (NOVEMBER, trainer, CommitteeReport.Status.DONE)
    assert "mamori.committee_report.request" in ACTIONS
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="mamori.committee_report.request", user=trainer).count() == 1


def test_generate_now_refuses_a_request_without_the_csrf_token(numbers, trainer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer)
    assert client.post(reverse("mamori_committee_report_generate")).status_code == 403
    assert not CommitteeReport.objects.exists()
