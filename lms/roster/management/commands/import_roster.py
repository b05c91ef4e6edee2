"""python manage.py import_roster FILE [--dry-run] [--full] [--company CODE] [--language LANG] | --template"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.i18n.languages import language_codes
from lms.roster.services import RosterRejected, roster_apply, roster_plan
from lms.roster.template_file import roster_template_csv


class Command(BaseCommand):
    help = "Import the HR roster (CSV or XLSX). Any problem: nothing is written and the command fails."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Roster file (.csv in UTF-8 or Shift_JIS, or .xlsx).")
        parser.add_argument("--dry-run", action="store_true", help="Check and count; change no employee.")
        parser.add_argument(
            "--full", action="store_true", help="Flag people of the covered companies who are missing from the file."
        )
        parser.add_argument("--company", help="Import one company only; rows may omit company_code.")
        parser.add_argument("--language", help="Language of the messages (default: settings.LANGUAGE_CODE).")
        parser.add_argument("--template", action="store_true", help="Print the CSV header with one example row.")

    def handle(self, *args, **options):
        language = options["language"] or settings.LANGUAGE_CODE
        if language not in language_codes():
            raise CommandError(f"Unknown language {language!r}; use one of {', '.join(language_codes())}.")
        with translation.override(language):
            if options["template"]:
                self.stdout.write(roster_template_csv(bom=False), ending="")
                return
            self._import(options)

    def _import(self, options):
        if not options["file"]:
            raise CommandError(_("Name the roster file, or use --template."))
        path = Path(options["file"])
        try:
            size = path.stat().st_size
            if size > settings.MAMORI_ROSTER_MAX_BYTES:
                raise CommandError(
                    _("The file is too large (%(size)d bytes; the limit is %(limit)d bytes).")
                    % {"size": size, "limit": settings.MAMORI_ROSTER_MAX_BYTES}
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": error}) from error
        plan = roster_plan(
            data=data,
            file_name=path.name,
            actor=None,
            full=options["full"],
            dry_run=options["dry_run"],
            company_code=options["company"],
        )
        if plan.problems:
            for problem in plan.problems:
                self.stderr.write(self._problem_line(problem))
            raise CommandError(
                ngettext(
                    "The roster has %(count)d problem; nothing was imported.",
                    "The roster has %(count)d problems; nothing was imported.",
                    len(plan.problems),
                )
                % {"count": len(plan.problems)}
            )
        try:
            record = roster_apply(plan=plan, actor=None)
        except RosterRejected as error:
            raise CommandError(str(error)) from error
        summary = _(
            "%(rows)d rows: %(created)d new, %(updated)d changed, %(unchanged)d unchanged, "
            "%(flagged)d flagged as missing, %(assignments)d training assignments created."
        ) % {
            "rows": record.rows,
            "created": record.created_count,
            "updated": record.updated_count,
            "unchanged": record.unchanged_count,
            "flagged": record.flagged_count,
            "assignments": record.assignments_count,
        }
        if record.dry_run:
            summary = _("Dry run, nothing changed. %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(summary))

    @staticmethod
    def _problem_line(problem) -> str:
        if problem.row and problem.column:
            return _("Row %(row)d, column %(column)s: %(message)s") % {
                "row": problem.row,
                "column": problem.column,
                "message": problem.message,
            }
        if problem.row:
            return _("Row %(row)d: %(message)s") % {"row": problem.row, "message": problem.message}
        return str(problem.message)
