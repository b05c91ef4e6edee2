from django.core.management.base import BaseCommand

from lms.i18n.catalogs import compile_catalogs


class Command(BaseCommand):
    help = "Compile locales/*/LC_MESSAGES/django.po into .mo files with Babel (no GNU gettext needed)."

    def handle(self, *args, **options):
        count = compile_catalogs()
        if options["verbosity"] > 1:
            self.stdout.write(f"Compiled {count} catalogs.")
