"""Building the committee report: every month from beat, or on request from the admin.

``committee_report_generate`` is what beat runs (lms/reports/migrations/0002 schedules it on the 1st
at 06:00): it finds or creates the month's one scheduled report, so a retried or doubled run builds
one file. ``committee_report_run`` builds a given report, the one a person asked for.
``lms.jobs.running.file_job_run`` makes the file appear only when complete.
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.fiscal import fiscal_year_of
from lms.jobs.running import file_job_progress, file_job_run

from .committee import committee_report_build, committee_report_courses_count, month_first_day, previous_month
from .models import CommitteeReport


def _report_build(report: CommitteeReport, output) -> None:
    # One step per course; file_job_run marks them all done from ``report.total`` when the file is stored.
    report.total = committee_report_courses_count()
    CommitteeReport.objects.filter(pk=report.pk).update(total=report.total)
    output.write(
        committee_report_build(
            month=report.month,
            language=report.language,
            progress=lambda done: file_job_progress(report, done),
        )
    )


def committee_report_file_build(report: CommitteeReport) -> str:
    """Build ``report``'s PDF; returns its final status (a finished report is left as it is)."""
    return file_job_run(
        report,
        final_name=f"committee-reports/committee-{report.month:%Y-%m}-{report.language}-{report.pk}.pdf",
        build=_report_build,
    )


def scheduled_report_get(*, month: datetime.date, language: str) -> CommitteeReport:
    """The month's one scheduled report in ``language``, created if it does not exist yet."""
    month = month_first_day(month)
    lookup = {"month": month, "language": language, "created_by": None}
    report = CommitteeReport.objects.filter(**lookup).first()
    if report is not None:
        return report
    try:
        with transaction.atomic():
            return CommitteeReport.objects.create(**lookup, fiscal_year=fiscal_year_of(month))
    except IntegrityError:
        # Another run created it between the lookup and the insert (the unique constraint).
        return CommitteeReport.objects.get(**lookup)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def committee_report_generate(month_iso: str | None = None) -> str:
    """Build the scheduled committee report of ``month_iso`` (YYYY-MM-DD; by default the previous
    month) in the site's language; returns its final status."""
    month = datetime.date.fromisoformat(month_iso) if month_iso else previous_month(timezone.localdate())
    report = scheduled_report_get(month=month, language=settings.LANGUAGE_CODE)
    return committee_report_file_build(report)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def committee_report_run(report_pk: int) -> str:
    """Build the committee report ``report_pk`` (one requested in the admin); returns its final status."""
    return committee_report_file_build(CommitteeReport.objects.get(pk=report_pk))
