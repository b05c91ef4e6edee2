from django.core.management.base import BaseCommand, CommandError

from lms.i18n.catalogs import catalog_counts, catalog_problems


class Command(BaseCommand):
    help = "Fail if any interface catalog has an untranslated, fuzzy or missing entry."

    def handle(self, *args, **options):
        problems = catalog_problems()
        for problem in problems[:50]:
            self.stderr.write(f"{problem.locale}: {problem.problem}: {problem.msgid[:80]!r}")
        if problems:
            raise CommandError(f"{len(problems)} catalog problems (first 50 shown).")
        counts = ", ".join(f"{locale} {count}" for locale, count in catalog_counts().items())
        self.stdout.write(f"Catalogs complete: {counts}")
