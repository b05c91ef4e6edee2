from django.core.management.base import BaseCommand

from lms.i18n.catalogs import update_catalogs


class Command(BaseCommand):
    help = "Extract interface strings with Babel and merge them into locales/*/LC_MESSAGES/django.po."

    def handle(self, *args, **options):
        for locale, gaps in update_catalogs().items():
            self.stdout.write(f"{locale}: {gaps} untranslated")
