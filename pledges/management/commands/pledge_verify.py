"""Re-check stored pledge evidence; exit non-zero naming each altered record."""

from django.core.management.base import BaseCommand, CommandError

from pledges.models import SignedPledge
from pledges.services.verification import pledge_integrity_problems


class Command(BaseCommand):
    help = (
        "Re-check signed pledges: each text against its SHA-256, the Japanese against the published version, "
        "the PDF's bytes, its seal and the hashes sealed inside it, the scan against its hash. "
        "Give verification codes, or --all. Exits with status 1 naming every record that was altered."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="Verification codes of the records to check.")
        parser.add_argument("--all", action="store_true", help="Check every signed pledge.")

    def handle(self, *args, codes, **options):
        if not codes and not options["all"]:
            raise CommandError("Give verification codes, or --all to check every signed pledge.")
        pledges = SignedPledge.objects.select_related("version", "pledge_type").order_by("pk")
        if not options["all"]:
            pledges = pledges.filter(verification_code__in=codes)
            unknown = set(codes) - set(pledges.values_list("verification_code", flat=True))
            if unknown:
                raise CommandError(f"No signed pledge has the code(s): {', '.join(sorted(unknown))}")
        checked, altered = 0, 0
        for pledge in pledges.iterator(chunk_size=200):
            checked += 1
            problems = pledge_integrity_problems(pledge)
            if problems:
                altered += 1
                self.stderr.write(
                    f"ALTERED pledge #{pledge.pk} {pledge.verification_code} "
                    f"({pledge.employee_number} {pledge.employee_name}, {pledge.pledge_type.code} v{pledge.version.number}):"
                )
                for problem in problems:
                    self.stderr.write(f"  - {problem}")
        summary = f"{checked} signed pledge(s) checked, {altered} altered."
        if altered:
            raise CommandError(summary, returncode=1)
        self.stdout.write(summary)
