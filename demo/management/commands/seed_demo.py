"""python manage.py seed_demo — build the demo group and print its logins."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.services import DemoError, demo_password_resolve, demo_seed


class Command(BaseCommand):
    help = "Build the demo organisation (~300 employees), its logins and this fiscal year's campaign."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password-file",
            type=Path,
            default=None,
            help="Where the generated password is kept (default: var/demo-password.txt).",
        )

    def handle(self, *args, password_file: Path | None, **options):
        password_file = password_file or Path(settings.VAR_DIR) / "demo-password.txt"
        password, source = demo_password_resolve(password_file=password_file)
        try:
            result = demo_seed(password=password)
        except DemoError as error:
            raise CommandError(str(error)) from error

        out = self.stdout
        if result.changed:
            out.write(
                _(
                    "Demo built: %(units)d units, %(employees)d employees, %(users)d logins, "
                    "%(assignments)d assignments, %(completions)d completions recorded."
                )
                % {
                    "units": result.units_created,
                    "employees": result.employees_created,
                    "users": result.users_created,
                    "assignments": result.assignments_created,
                    "completions": result.completions_recorded,
                }
            )
            if any(result.pledges.values()):
                out.write(
                    _(
                        "Pledges: %(online)d signed online, %(paper)d recorded on paper, %(leaving)d leaving pledges, "
                        "%(cases)d leaving cases opened, %(items)d checklist items settled."
                    )
                    % {
                        "online": result.pledges["signed_online"],
                        "paper": result.pledges["signed_on_paper"],
                        "leaving": result.pledges["leaving_pledges"],
                        "cases": result.pledges["leaving_cases_opened"],
                        "items": result.pledges["checklist_items_settled"],
                    }
                )
            if any(result.sessions.values()):
                out.write(
                    _(
                        "Sessions: %(closed)d held and closed with %(attended)d people present, "
                        "%(scheduled)d still to come."
                    )
                    % {
                        "closed": result.sessions["sessions_closed"],
                        "attended": result.sessions["attended"],
                        "scheduled": result.sessions["sessions_scheduled"],
                    }
                )
        else:
            out.write(_("Demo already in place: nothing changed."))
        rule = "=" * 72
        out.write(rule)
        out.write(_("Mamori demo — open %(url)s/") % {"url": settings.WAGTAILADMIN_BASE_URL})
        out.write(
            _("Campaign: %(campaign)s, due %(due)s") % {"campaign": result.campaign, "due": result.campaign.due_date}
        )
        out.write("")
        for login, number in result.logins:
            line = f"  {login.username:<17} {login.description}"
            if number:
                line += " " + _("(or employee number %(number)s)") % {"number": number}
            out.write(line)
        out.write("")
        if source == "env":
            out.write(_("Password (from MAMORI_DEMO_PASSWORD): %(password)s") % {"password": password})
        else:
            out.write(_("Password: %(password)s  (kept in %(file)s)") % {"password": password, "file": password_file})
        out.write(_("Staff work in the administration at /admin/."))
        out.write(rule)
