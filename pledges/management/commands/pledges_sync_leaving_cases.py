from django.core.management.base import BaseCommand

from pledges.services.leaving import leaving_cases_out_of_line, leaving_cases_sync


class Command(BaseCommand):
    help = (
        "Open, move or cancel leaving cases so they match the employees' leaving dates. Idempotent: run it "
        "daily from Celery beat or cron; it catches up on any change a failed event subscriber missed "
        "(or leaving dates written before pledges existed), and a second run changes nothing."
    )

    def handle(self, *args, **options):
        employee_ids = leaving_cases_out_of_line()
        counts = leaving_cases_sync(employee_ids=employee_ids)
        self.stdout.write(
            f"Leaving cases: {len(employee_ids)} out of line; "
            f"{counts['opened']} opened, {counts['moved']} moved, {counts['cancelled']} cancelled."
        )
