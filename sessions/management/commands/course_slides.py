"""Write a course's classroom slides to a file, for a trainer preparing offline.

    python manage.py course_slides --language vi --with-japanese --format html --output rules-vi.html
    python manage.py course_slides --language ja --format pptx --output rules-ja.pptx

The HTML file is standalone (reveal.js and the notes plugin inlined): it opens by double-click and
needs no network. The PowerPoint file is editable.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.nine_rules.content import COURSE_CODE
from lms.i18n.languages import language_codes
from lms.learning.selectors import course_source_page

from ...slides.deck import SlidesUnavailable, deck_build
from ...slides.html import presentation_html
from ...slides.pptx import presentation_pptx

FORMATS = ("html", "pptx")


class Command(BaseCommand):
    help = "Write the classroom slides of a course (live pages) as a standalone HTML presentation or a PowerPoint file."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=language_codes(), help="Language of the slides.")
        parser.add_argument(
            "--with-japanese", action="store_true", help="Bilingual slides: the Japanese original beside every text."
        )
        parser.add_argument("--format", required=True, choices=FORMATS, dest="output_format")
        parser.add_argument("--output", required=True, type=Path, help="The file to write.")
        parser.add_argument("--course", default=COURSE_CODE, help=f"Course code (default {COURSE_CODE}).")

    def handle(self, *args, language, with_japanese, output_format, output, course, **options):
        source = course_source_page(course)
        if source is None:
            raise CommandError(f"No live course {course!r} in the source language (Japanese).")
        try:
            deck = deck_build(course=source, language=language, with_japanese=with_japanese)
        except SlidesUnavailable as refusal:
            raise CommandError(str(refusal)) from refusal
        if output_format == "html":
            output.write_text(presentation_html(deck, standalone=True), encoding="utf-8")
        else:
            output.write_bytes(presentation_pptx(deck))
        self.stdout.write(f"Wrote {len(deck.slides)} slides ({deck.language}, {output_format}) to {output}")
