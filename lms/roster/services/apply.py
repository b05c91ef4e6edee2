"""Applying a roster plan: one transaction, bulk writes, audit entries, assignments for new hires."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.audit.services import audit_log, audit_log_many
from lms.organisation.models import Employee
from lms.organisation.services import COUNTED_FIELDS, leaving_dates_announce
from lms.training.counting import completion_counts_rebuild
from lms.training.services import assignments_create_for_new_employees

from ..models import RosterImport
from .plan import RosterAlreadyImported, RosterPlan, RosterRejected, change_value


def roster_apply(*, plan: RosterPlan, actor, upload_token: str | None = None) -> RosterImport:
    """Write a problem-free plan in one transaction; a dry run records the check only.

    Raises ``RosterRejected`` (nothing written) when the plan has problems or the
    stored employees changed since it was made, ``RosterAlreadyImported`` when the
    upload token was already used.
    """
    if plan.problems:
        raise RosterRejected(
            ngettext(
                "The roster has %(count)d problem; nothing was imported.",
                "The roster has %(count)d problems; nothing was imported.",
                len(plan.problems),
            )
            % {"count": len(plan.problems)}
        )
    today = timezone.localdate()
    user = actor if actor is not None and actor.is_authenticated else None
    try:
        with transaction.atomic():
            if upload_token:
                previous = RosterImport.objects.filter(upload_token=upload_token).first()
                if previous is not None:
                    raise RosterAlreadyImported(previous)
            record = RosterImport.objects.create(
                imported_by=user,
                file_name=plan.file_name[:255],
                sha256=plan.sha256,
                status=RosterImport.Status.DRY_RUN if plan.dry_run else RosterImport.Status.APPLIED,
                dry_run=plan.dry_run,
                full=plan.full,
                companies=[c.code for c in plan.companies],
                rows=plan.rows,
                created_count=len(plan.creates),
                updated_count=len(plan.updates),
                unchanged_count=plan.unchanged,
                flagged_count=len(plan.flags),
                upload_token=upload_token or None,
            )
            if not plan.dry_run:
                record.assignments_count = _employees_write(plan, actor=actor, record=record, today=today)
                record.save(update_fields=["assignments_count"])
            audit_log(
                actor=actor,
                action="mamori.roster.import",
                instance=record,
                data={
                    "file_name": record.file_name,
                    "sha256": record.sha256,
                    "dry_run": record.dry_run,
                    "full": record.full,
                    "companies": record.companies,
                    "rows": record.rows,
                    "created": record.created_count,
                    "updated": record.updated_count,
                    "unchanged": record.unchanged_count,
                    "flagged": record.flagged_count,
                    "assignments": record.assignments_count,
                },
            )
    except IntegrityError as error:
        raise RosterRejected(
            _("The employees changed while the file was being imported. Nothing was written; import the file again.")
        ) from error
    return record


def _employees_write(plan: RosterPlan, *, actor, record: RosterImport, today: datetime.date) -> int:
    """Bulk writes and their audit entries; returns the number of assignments given to new hires."""
    now = timezone.now()
    created = [c.employee for c in plan.creates]
    for employee in created:
        employee.created_at = employee.updated_at = now
    Employee.objects.bulk_create(created, batch_size=500)

    # bulk_update writes one CASE per field and row: group rows by the fields that
    # changed so a moved employee does not rewrite every column of everyone.
    changed = []
    groups: dict[tuple[str, ...], list[Employee]] = {}
    for update in plan.updates:
        for name, (_old, new) in update.changes.items():
            setattr(update.employee, name, new)
        update.employee.updated_at = now
        changed.append(update.employee)
        groups.setdefault(tuple(sorted(update.changes)), []).append(update.employee)
    for fields, employees in groups.items():
        Employee.objects.bulk_update(employees, list(fields), batch_size=500)

    for employee in plan.flags:
        employee.absent_from_roster_since = today
        employee.updated_at = now
    _update_in_batches([e.pk for e in changed], updated_at=now)
    _update_in_batches([e.pk for e in plan.flags], absent_from_roster_since=today, updated_at=now)

    audit_log_many(
        actor=actor,
        action="mamori.employee.create",
        instances=created,
        data_for=lambda e: {"number": e.number, "roster_import": record.pk},
    )
    changes_by_pk = {u.employee.pk: u.changes for u in plan.updates}
    audit_log_many(
        actor=actor,
        action="mamori.employee.update",
        instances=changed,
        data_for=lambda e: {
            "changes": {k: [change_value(old), change_value(new)] for k, (old, new) in changes_by_pk[e.pk].items()},
            "roster_import": record.pk,
        },
    )
    audit_log_many(
        actor=actor,
        action="mamori.employee.flag_absent",
        instances=plan.flags,
        data_for=lambda e: {"absent_from_roster_since": today, "roster_import": record.pk},
    )
    leaving_dates_announce(
        employee_ids=[e.pk for e in created if e.leaving_date]
        + [u.employee.pk for u in plan.updates if "leaving_date" in u.changes],
        actor=actor,
    )
    # The reports' counts of every unit a changed person left or joined (new hires' units are
    # recounted when their assignments are made).
    moved_units = set()
    for update in plan.updates:
        if update.changes.keys() & COUNTED_FIELDS:
            old_unit = update.changes.get("unit", (None, None))[0]
            moved_units.update({update.employee.unit_id, getattr(old_unit, "pk", None)})
    completion_counts_rebuild(unit_ids=moved_units - {None})
    return assignments_create_for_new_employees(employees=created, actor=actor, on=today)


def _update_in_batches(pks: list[int], **values) -> None:
    """The same values for many employees: one UPDATE per 500."""
    for start in range(0, len(pks), 500):
        Employee.objects.filter(pk__in=pks[start : start + 500]).update(**values)
