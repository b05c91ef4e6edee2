"""`manage.py print_excerpt`: the excerpt, with an employee's slip, written to a file."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.pdf.helpers import pdf_text

from .course import campaign_build, course_build, paper_assignment


@pytest.fixture
def assignment(db, units):
    course = course_build(translate_to=("en",))
    campaign = campaign_build(course=course)
    return paper_assignment(campaign=campaign, unit=units["plant_a"], language="en", full_name="Paula Printer")


def test_print_excerpt_with_the_employee_slip(assignment, tmp_path):
    output = tmp_path / "excerpt.pdf"
    stdout = StringIO()
    call_command(
        "print_excerpt",
        "--language",
        "en",
        "--employee",
        assignment.employee.number,
        "--output",
        str(output),
        stdout=stdout,
    )
    text = pdf_text(output.read_bytes())
    assert "Rule 1 key point one." in text
    assert "Paula Printer" in text
    assert assignment.employee.number in text
    assert "社外秘" in text
    assert f"Wrote {output}" in stdout.getvalue()


def test_print_excerpt_without_employee_and_unknown_employee(assignment, tmp_path):
    output = tmp_path / "plain.pdf"
    call_command("print_excerpt", "--language", "ja", "--output", str(output), stdout=StringIO())
    assert "ルール4の要点その一。" in pdf_text(output.read_bytes())
    with pytest.raises(CommandError, match="No employee with number"):
        call_command("print_excerpt", "--language", "ja", "--employee", "NOPE", "--output", str(output))
