"""Print the excerpt of the course in one language, optionally with an employee's personal slip."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.i18n.languages import language_codes
from lms.learning.models import CoursePage
from lms.learning.selectors import course_source_page
from lms.organisation.models import Employee
from lms.paper.documents import employee_excerpt_pdf, excerpt_pdf
from lms.paper.selectors import paper_assignment_for_employee


class Command(BaseCommand):
    help = "Write the printed excerpt (抜粋版) to a PDF file; with --employee, their language and slip are used."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=language_codes())
        parser.add_argument("--employee", help="Employee number: adds the personal acknowledgement slip.")
        parser.add_argument("--company", help="Company code, when the employee number exists in several companies.")
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument("--course", help="Course code (e.g. nine-rules); needed when several courses exist.")

    def handle(self, *args, language, employee=None, company=None, output, course=None, **options):
        codes = sorted(set(CoursePage.objects.live().values_list("course_code", flat=True)))
        if course is None and len(codes) > 1:
            raise CommandError(f"Several courses exist; pass --course with one of: {', '.join(codes)}.")
        course_code = course
        course = course_source_page(course_code)
        if course is None:
            raise CommandError(
                f"No live course {course_code!r} in the source language." if course_code else "No live course yet."
            )
        if employee:
            people = Employee.objects.filter(number=employee)
            if company:
                people = people.filter(company__code=company)
            people = list(people[:2])
            if len(people) != 1:
                raise CommandError(
                    f"Employee number {employee!r} matches {len(people)} employees; pass --company CODE."
                    if people
                    else f"No employee with number {employee!r}."
                )
            assignment = paper_assignment_for_employee(employee=people[0], course=course)
            if assignment is None:
                raise CommandError(f"{people[0]} has no open assignment in a launched campaign of this course.")
            if people[0].preferred_language != language:
                self.stderr.write(
                    f"Note: {people[0]} reads {people[0].preferred_language}; the slip uses that language."
                )
            data = employee_excerpt_pdf(assignment=assignment, course=course, language=language)
        else:
            data = excerpt_pdf(course=course, language=language)
        output.write_bytes(data)
        self.stdout.write(f"Wrote {output} ({len(data):,} bytes)")
