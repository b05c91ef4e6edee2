from django.core.management.base import BaseCommand

from pledges.seeding import pledges_seed


class Command(BaseCommand):
    help = "Load the seed hire and leaving pledges (7 languages) and the return checklist items, if missing."

    def handle(self, *args, **options):
        counts = pledges_seed()
        self.stdout.write(
            f"Pledges: {counts['types']} types, {counts['versions']} published versions, "
            f"{counts['return_items']} return checklist items created."
        )
