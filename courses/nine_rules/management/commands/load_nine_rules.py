"""Load the nine-rules course: the Japanese source files, then each language's PO file."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.nine_rules.content import DEFAULT_SOURCE_DIR, SourceError, course_source_read
from courses.nine_rules.loader import LoadError, PageStatus, course_pages_load
from courses.nine_rules.translation import TranslationStatus, course_translation_load

DEFAULT_TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"
MISSING_SHOWN = 20  # per page, at the default verbosity


class Command(BaseCommand):
    help = "Create or update the nine-rules course pages from content/ja and translations/<language>.po."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE_DIR, help="Japanese source directory.")
        parser.add_argument(
            "--translations", type=Path, default=DEFAULT_TRANSLATIONS_DIR, help="Directory of <language>.po files."
        )
        parser.add_argument(
            "--keep-cms-edits",
            action="store_true",
            help="Skip pages edited in the CMS since the last load, even when their source file changed.",
        )
        parser.add_argument(
            "--language",
            nargs="+",
            action="extend",
            metavar="LANG",
            help="Load only these translations (Django codes, e.g. pt-br vi). Japanese is always loaded.",
        )
        parser.add_argument(
            "--strict", action="store_true", help="Exit with an error if any page could not be translated."
        )

    def handle(self, *args, source: Path, translations: Path, keep_cms_edits: bool, language, strict: bool, **options):
        try:
            course_source = course_source_read(directory=source)
        except SourceError as exc:
            raise CommandError("The course source has errors:\n" + "\n".join(f"  {p}" for p in exc.problems)) from exc
        try:
            outcomes = course_pages_load(source=course_source, keep_cms_edits=keep_cms_edits)
        except LoadError as exc:
            raise CommandError(str(exc)) from exc

        counts = {
            s: sum(1 for o in outcomes if o.status == s)
            for s in (PageStatus.CREATED, PageStatus.UPDATED, PageStatus.UNCHANGED, PageStatus.KEPT)
        }
        self.stdout.write(
            f"{settings.LANGUAGE_CODE} (revision {course_source.revision}): "
            + ", ".join(f"{n} {status}" for status, n in counts.items())
        )
        for outcome in outcomes:
            if outcome.status in (PageStatus.CREATED, PageStatus.UPDATED):
                self.stdout.write(f"  {outcome.status}: {outcome.file} ({outcome.page.title})")
            elif outcome.status in (PageStatus.KEPT, PageStatus.NOT_IN_SOURCE):
                self.stdout.write(
                    self.style.WARNING(f"  {outcome.status}: {outcome.file or outcome.page.slug}: {outcome.note}")
                )
        course = outcomes[0].page

        failed = False
        for code in self._languages(translations, language):
            po = polib.pofile(str(translations / f"{code}.po"))
            report = course_translation_load(course=course, language=code, po=po)
            self.stdout.write(
                f"{code}: pages {report.count(TranslationStatus.CREATED)} created, "
                f"{report.count(TranslationStatus.UPDATED)} updated, "
                f"{report.count(TranslationStatus.UNCHANGED)} unchanged, "
                f"{report.count(TranslationStatus.SKIPPED)} skipped; "
                f"{report.translated_segments} translated segments"
            )
            for page in report.pages:
                if page.status != TranslationStatus.SKIPPED:
                    continue
                failed = True
                reason = page.note or f"{len(page.missing)} segments have no translation in {code}.po"
                self.stdout.write(self.style.WARNING(f"  skipped {page.source_page.slug}: {reason}"))
                shown = page.missing if options["verbosity"] >= 2 else page.missing[:MISSING_SHOWN]
                for missing in shown:
                    self.stdout.write(f"    missing {missing}")
                if len(shown) < len(page.missing):
                    self.stdout.write(f"    … and {len(page.missing) - len(shown)} more (-v 2 lists them all)")
            for entry in report.unused_entries:
                self.stdout.write(self.style.WARNING(f"  {code}.po has entries for an unknown page: {entry}"))

        if strict and failed:
            raise CommandError("Some pages were not translated (see the warnings above).")

    def _languages(self, translations: Path, requested) -> list[str]:
        codes = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        if requested:
            unknown = sorted(set(requested) - set(codes))
            if unknown:
                raise CommandError(f"Not a translation language: {', '.join(unknown)} (choose from {', '.join(codes)})")
            missing = [code for code in requested if not (translations / f"{code}.po").exists()]
            if missing:
                raise CommandError(f"No PO file for: {', '.join(f'{translations / m}.po' for m in missing)}")
            return [code for code in codes if code in requested]
        return [code for code in codes if (translations / f"{code}.po").exists()]
