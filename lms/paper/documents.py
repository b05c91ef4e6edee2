"""The printed excerpt and the acknowledgement slips as PDFs.

The excerpt pages are the same for everyone reading a language, so a batch
renders them once per language and renders the slips (the only personal
page) separately; ``pypdf`` puts the two together.
"""

import io
from dataclasses import dataclass

import segno
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader, PdfWriter

from lms.i18n.languages import native_name
from lms.learning.models import CoursePage
from lms.pdf.rendering import render_pdf
from lms.training.models import Assignment

from .excerpts import excerpt_content
from .tokens import slip_token_make

EXCERPT_TEMPLATE = "paper/excerpt.html"
SLIPS_TEMPLATE = "paper/slips.html"


def _statement() -> str:
    return gettext("I have read and understood the excerpt of the course and will follow its rules.")


@dataclass(frozen=True)
class Slip:
    """Everything printed on one person's slip: frozen before rendering."""

    employee_name: str
    employee_number: str
    unit_name: str
    language: str
    language_name: str
    course_title: str
    revision: str
    token: str
    qr_data_uri: str
    statement: str
    statement_ja: str


def slip_for(*, assignment: Assignment, course_title: str, revision: str) -> Slip:
    """The slip of ``assignment`` (select_related employee__unit and campaign)."""
    employee = assignment.employee
    language = employee.preferred_language
    token = slip_token_make(assignment=assignment)
    with translation.override(language):
        statement = _statement()
    with translation.override("ja"):
        statement_ja = _statement()
    return Slip(
        employee_name=employee.full_name,
        employee_number=employee.number,
        unit_name=employee.unit.name,
        language=language,
        language_name=native_name(language),
        course_title=course_title,
        revision=revision,
        token=token,
        # A fixed mask skips segno's mask search (most of its time); every mask scans alike.
        qr_data_uri=segno.make(token, error="m", mask=0).png_data_uri(scale=3, border=2),
        statement=statement,
        statement_ja=statement_ja,
    )


def excerpt_pdf(*, course: CoursePage, language: str) -> bytes:
    """The excerpt pages (no slip) of ``course`` for readers of ``language``."""
    content = excerpt_content(course=course, language=language)
    return render_pdf(
        EXCERPT_TEMPLATE,
        {
            "content": content,
            "document_title": content.course_title,
            "document_revision": content.revision,
            "classification_mark": "社外秘",
            "printed_on": timezone.localdate(),
        },
        language=language,
    )


def slips_pdf(*, slips: list[Slip], language: str, revision: str = "") -> bytes:
    """One page per slip, all in ``language`` (the slips' own language)."""
    return render_pdf(
        SLIPS_TEMPLATE,
        {"slips": slips, "classification_mark": "社外秘", "document_revision": revision},
        language=language,
    )


def pdf_merge(parts: list[bytes]) -> bytes:
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def employee_excerpt_pdf(*, assignment: Assignment, course: CoursePage, language: str | None = None) -> bytes:
    """The excerpt in the employee's language (or ``language``) followed by their personal slip."""
    language = language or assignment.employee.preferred_language
    content = excerpt_content(course=course, language=language)
    slip = slip_for(assignment=assignment, course_title=content.course_title, revision=content.revision)
    return pdf_merge(
        [
            excerpt_pdf(course=course, language=language),
            slips_pdf(slips=[slip], language=language, revision=content.revision),
        ]
    )
