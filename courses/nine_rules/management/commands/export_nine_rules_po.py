"""Write or refresh the translators' PO files from the live Japanese course pages."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.nine_rules.content import COURSE_CODE
from courses.nine_rules.translation import course_po_build
from lms.learning.selectors import course_source_page

DEFAULT_TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"


class Command(BaseCommand):
    help = "Write translations/<language>.po from the Japanese course, keeping existing translations."

    def add_arguments(self, parser):
        parser.add_argument("--language", action="append", metavar="LANG", help="Django language code, e.g. pt-br.")
        parser.add_argument("--all", action="store_true", help="Every language except Japanese.")
        parser.add_argument("--output", type=Path, help="Output file (one language only).")
        parser.add_argument(
            "--translations", type=Path, default=DEFAULT_TRANSLATIONS_DIR, help="Directory of PO files."
        )

    def handle(self, *args, language, all: bool, output: Path | None, translations: Path, **options):
        codes = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        if all:
            languages = codes
        elif language:
            unknown = sorted(set(language) - set(codes))
            if unknown:
                raise CommandError(f"Not a translation language: {', '.join(unknown)} (choose from {', '.join(codes)})")
            languages = language
        else:
            raise CommandError("Give --language LANG or --all.")
        if output is not None and len(languages) != 1:
            raise CommandError("--output needs exactly one language.")
        course = course_source_page(COURSE_CODE)
        if course is None:
            raise CommandError("There is no Japanese course yet: run load_nine_rules first.")

        for code in languages:
            path = output or translations / f"{code}.po"
            previous = polib.pofile(str(path)) if path.exists() else None
            po, stats = course_po_build(course=course, language=code, previous=previous)
            path.parent.mkdir(parents=True, exist_ok=True)
            po.save(str(path))
            self.stdout.write(
                f"{code}: {path} — {stats.entries} entries, {stats.translated} translated, "
                f"{stats.fuzzy} fuzzy, {stats.new} new, {stats.obsolete} obsolete"
            )
