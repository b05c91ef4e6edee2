"""The batch print task: one PDF of personalised excerpts and slips for an ExcerptPrintJob.

The excerpt pages are rendered once per language and reused; the slips are
rendered in chunks (one document per language per chunk) and merged in unit
order with pypdf. Progress is saved after every chunk, where the task also
notices a cancellation. ``lms.jobs.running`` makes the file appear only when
complete and restarts a job whose worker died.
"""

import io

from celery import shared_task
from pypdf import PdfReader, PdfWriter

from lms.jobs.running import file_job_progress, file_job_run
from lms.training.models import Assignment

from .documents import excerpt_pdf, slip_for, slips_pdf
from .excerpts import excerpt_content
from .models import ExcerptPrintJob

CHUNK_SIZE = 50


def _progress_save(job: ExcerptPrintJob, done: int) -> None:
    """Save progress unless the job was cancelled meanwhile (then stop)."""
    file_job_progress(job, done)


def _job_people(job: ExcerptPrintJob) -> list[Assignment]:
    return list(
        Assignment.objects.filter(pk__in=job.assignment_ids)
        .select_related("employee__unit", "campaign")
        .order_by("employee__unit__path", "employee__number")
    )


def excerpt_batch_build(job: ExcerptPrintJob, output) -> None:
    """Write the job's PDF to the binary file ``output``."""
    course = job.campaign.course.specific
    people = _job_people(job)
    excerpts: dict[str, PdfReader] = {}
    contents = {}
    writer = PdfWriter()
    done = 0
    for start in range(0, len(people), CHUNK_SIZE):
        chunk = people[start : start + CHUNK_SIZE]
        by_language: dict[str, list[Assignment]] = {}
        for assignment in chunk:
            by_language.setdefault(assignment.employee.preferred_language, []).append(assignment)
        slip_pages: dict[int, object] = {}
        for language, group in by_language.items():
            if language not in excerpts:
                contents[language] = excerpt_content(course=course, language=language)
                excerpts[language] = PdfReader(io.BytesIO(excerpt_pdf(course=course, language=language)))
            content = contents[language]
            slips = [
                slip_for(assignment=a, course_title=content.course_title, revision=content.revision) for a in group
            ]
            reader = PdfReader(io.BytesIO(slips_pdf(slips=slips, language=language, revision=content.revision)))
            if len(reader.pages) != len(group):
                raise RuntimeError(f"{len(group)} slips rendered on {len(reader.pages)} pages")
            for assignment, page in zip(group, reader.pages, strict=True):
                slip_pages[assignment.pk] = page
        for assignment in chunk:
            for page in excerpts[assignment.employee.preferred_language].pages:
                writer.add_page(page)
            writer.add_page(slip_pages[assignment.pk])
        done += len(chunk)
        _progress_save(job, done)
    writer.write(output)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def excerpt_print_job_run(job_pk: int) -> str:
    """Build the PDF of print job ``job_pk``; returns its final status."""
    job = ExcerptPrintJob.objects.select_related("campaign").get(pk=job_pk)
    return file_job_run(job, final_name=f"print-jobs/excerpts-{job.pk}.pdf", build=excerpt_batch_build)
