"""Batch printing speed: 1,000 personalised excerpts with slips in one PDF, and one excerpt alone.

Run: .venv/bin/python bench/print_batch.py [--people 1000]
Uses its own temporary SQLite file (migrated from scratch, ~25 s) and removes it at the end.
Needs the PDF fonts (`manage.py prepare_pdf_fonts`). Goal: the batch in under 60 s on 2 cores.
"""

import argparse
import io
import time

from scratch import scratch_database

LANGUAGES = ["ja", "ja", "ja", "en", "pt-br", "vi", "zh-hans", "fil", "id"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()

    with scratch_database("print", STORAGES=_private_storage_in):
        run(args.people)


def _private_storage_in(workdir):
    """The settings' storages, with the private one (where the PDF is written) in ``workdir``."""
    from django.conf import settings

    private = settings.STORAGES["private"]
    return {
        **settings.STORAGES,
        "private": {**private, "OPTIONS": {**private["OPTIONS"], "location": workdir / "private"}},
    }


def run(people: int) -> None:
    from pypdf import PdfReader

    from lms.paper.documents import employee_excerpt_pdf
    from lms.paper.models import ExcerptPrintJob
    from lms.paper.tasks import excerpt_batch_build
    from lms.training.models import Assignment, TrainingMethod
    from tests.factories import EmployeeFactory, UserFactory, unit_tree
    from tests.paper.course import campaign_build, course_build

    units = unit_tree()
    course = course_build(translate_to=("en",))
    campaign = campaign_build(course=course)
    unit_list = [units["plant_a"], units["dept_a"], units["plant_b"]]
    assignments = []
    for n in range(people):
        employee = EmployeeFactory(unit=unit_list[n % 3], preferred_language=LANGUAGES[n % len(LANGUAGES)])
        assignments.append(Assignment(campaign=campaign, employee=employee, method=TrainingMethod.PRINTED_EXCERPT))
    Assignment.objects.bulk_create(assignments)
    ids = list(Assignment.objects.filter(campaign=campaign).values_list("pk", flat=True))
    admin = UserFactory(username="bench-admin")

    one = Assignment.objects.select_related("employee__unit", "campaign").first()
    started = time.perf_counter()
    employee_excerpt_pdf(assignment=one, course=course)
    first = time.perf_counter() - started
    started = time.perf_counter()
    single = employee_excerpt_pdf(assignment=one, course=course)
    warm = time.perf_counter() - started
    print(f"one excerpt with slip: first {first:.2f} s, warm {warm:.2f} s ({len(single):,} bytes)")

    job = ExcerptPrintJob.objects.create(
        campaign=campaign,
        assignment_ids=ids,
        total=len(ids),
        created_by=admin,
        status=ExcerptPrintJob.Status.RUNNING,
    )
    output = io.BytesIO()
    started = time.perf_counter()
    excerpt_batch_build(job, output)
    elapsed = time.perf_counter() - started
    pages = len(PdfReader(io.BytesIO(output.getvalue())).pages)
    size = len(output.getvalue()) / 1024 / 1024
    print(f"batch of {people} excerpts with slips: {elapsed:.1f} s, {pages} pages, {size:.1f} MB")
    print("goal < 60 s:", "met" if elapsed < 60 else "NOT met")


if __name__ == "__main__":
    main()
