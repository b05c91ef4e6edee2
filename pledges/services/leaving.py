"""Leaving cases: opened when a leaving date is set, with a return checklist that gates the leaving pledge.

Invariants:
- at most one open case per person (a database constraint); the case follows the leaving date;
- clearing the leaving date cancels an open case that has no valid leaving pledge (the case is kept);
- an item is settled (returned / not applicable) only with the name of the person who checked it and
  a date; the leaving pledge opens when every item is settled, or HR overrides with a written reason.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit.services import audit_log
from lms.organisation.models import Employee

from ..models import LeavingCase, LeavingCaseItem, PledgePurpose, ReturnItemKind, SignedPledge
from . import PledgeRefused


def leaving_cases_sync(*, employee_ids: list[int], actor=None) -> dict[str, int]:
    """Bring the leaving cases of these people in line with their leaving dates. Idempotent.

    Called when leaving dates change (``leaving_dates_changed``) and by ``pledges_sync_leaving_cases``,
    which catches up on anything a failed subscriber missed.
    """
    counts = {"opened": 0, "moved": 0, "cancelled": 0}
    kinds = list(ReturnItemKind.objects.filter(active=True))
    employees = Employee.objects.filter(pk__in=employee_ids).only("pk")
    for employee in employees:
        with transaction.atomic():
            # The event receiver and the catch-up command may run at once for one person: take the
            # person's row, then read their open case again under that lock.
            employee = Employee.objects.select_for_update().get(pk=employee.pk)
            case = LeavingCase.objects.open().filter(employee=employee).first()
            if employee.leaving_date and case is None:
                case = LeavingCase.objects.create(employee=employee, leaving_date=employee.leaving_date)
                LeavingCaseItem.objects.bulk_create([LeavingCaseItem(case=case, kind=kind) for kind in kinds])
                audit_log(
                    actor=actor,
                    action="mamori.leaving_case.open",
                    instance=case,
                    data={"employee": employee.number, "leaving_date": employee.leaving_date},
                )
                counts["opened"] += 1
            elif employee.leaving_date and case.leaving_date != employee.leaving_date:
                old = case.leaving_date
                LeavingCase.objects.filter(pk=case.pk).update(leaving_date=employee.leaving_date)
                audit_log(
                    actor=actor,
                    action="mamori.leaving_case.move",
                    instance=case,
                    data={"employee": employee.number, "leaving_date": [old, employee.leaving_date]},
                )
                counts["moved"] += 1
            elif not employee.leaving_date and case is not None:
                if SignedPledge.objects.valid().filter(leaving_case=case).exists():
                    continue
                LeavingCase.objects.filter(pk=case.pk).update(cancelled_at=timezone.now())
                audit_log(
                    actor=actor,
                    action="mamori.leaving_case.cancel",
                    instance=case,
                    data={"employee": employee.number, "reason": "leaving date cleared"},
                )
                counts["cancelled"] += 1
    return counts


def leaving_cases_out_of_line() -> list[int]:
    """People whose open case does not match their leaving date (a subscriber failed, or the data
    predates pledges): a leaving date without an open case, an open case without one, a moved date."""
    open_cases = LeavingCase.objects.open()
    without_case = Employee.objects.filter(leaving_date__isnull=False).exclude(pk__in=open_cases.values("employee_id"))
    # A case whose leaving pledge is signed stays open even if the date is cleared afterwards (it is
    # evidence of that leaving); it is not out of line.
    mismatched = (
        open_cases.exclude(employee__leaving_date=F("leaving_date"))
        .exclude(Exists(SignedPledge.objects.valid().filter(leaving_case=OuterRef("pk"))))
        .values_list("employee_id", flat=True)
    )
    return sorted({*without_case.values_list("pk", flat=True), *mismatched})


def leaving_item_settle(
    *,
    item: LeavingCaseItem,
    actor,
    state: str,
    checked_by_name: str,
    checked_on: datetime.date | None,
    note: str = "",
) -> LeavingCaseItem:
    """Mark a checklist item returned / not applicable (or back to not settled, before the pledge is signed)."""
    if state not in LeavingCaseItem.State.values:
        raise PledgeRefused(_("Choose returned, not applicable or not settled."))
    settled = state != LeavingCaseItem.State.PENDING
    checked_by_name = (checked_by_name or "").strip()
    if settled and not checked_by_name:
        raise PledgeRefused(_("Name the person who checked “%(item)s”.") % {"item": item.kind.display_name()})
    if settled and checked_on is None:
        raise PledgeRefused(_("Enter the date “%(item)s” was checked.") % {"item": item.kind.display_name()})
    if checked_on and checked_on > timezone.localdate():
        raise PledgeRefused(_("The date for “%(item)s” is in the future.") % {"item": item.kind.display_name()})
    with transaction.atomic():
        item = LeavingCaseItem.objects.select_for_update().select_related("case", "kind").get(pk=item.pk)
        if item.case.cancelled_at is not None:
            raise PledgeRefused(_("This leaving case was cancelled."))
        if SignedPledge.objects.valid().filter(leaving_case=item.case).exists():
            raise PledgeRefused(_("The leaving pledge is already signed; the checklist is closed."))
        values = {
            "state": state,
            "checked_by_name": checked_by_name if settled else "",
            "checked_on": checked_on if settled else None,
            "note": (note or "").strip()[:500],
        }
        changes = {k: [str(getattr(item, k) or ""), str(v or "")] for k, v in values.items() if getattr(item, k) != v}
        if not changes:
            return item
        for field, value in values.items():
            setattr(item, field, value)
        item.recorded_by = actor
        item.recorded_at = timezone.now()
        item.save()
        audit_log(
            actor=actor,
            action="mamori.leaving_case.item",
            instance=item.case,
            data={"item": item.kind.code, "changes": changes},
        )
    return item


def leaving_case_override(*, case: LeavingCase, actor, reason: str) -> LeavingCase:
    """HR lets the leaving pledge be signed before the checklist is settled, with a written reason."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise PledgeRefused(_("Write the reason for overriding the checklist (at least 10 characters)."))
    with transaction.atomic():
        case = LeavingCase.objects.select_for_update().get(pk=case.pk)
        if case.cancelled_at is not None:
            raise PledgeRefused(_("This leaving case was cancelled."))
        if case.is_overridden:
            raise PledgeRefused(_("The checklist of this case is already overridden."))
        if SignedPledge.objects.valid().filter(leaving_case=case).exists():
            raise PledgeRefused(_("The leaving pledge is already signed; the checklist is closed."))
        case.override_reason = reason[:2000]
        case.override_by = actor
        case.override_at = timezone.now()
        case.save(update_fields=["override_reason", "override_by", "override_at"])
        audit_log(actor=actor, action="mamori.leaving_case.override", instance=case, data={"reason": reason})
    return case


def leaving_pledge_signed(case: LeavingCase) -> SignedPledge | None:
    return (
        SignedPledge.objects.valid()
        .filter(leaving_case=case, pledge_type__purpose=PledgePurpose.LEAVING)
        .order_by("signed_at")
        .first()
    )
