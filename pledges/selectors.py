"""Reads for pledges. HR see their units' people (``employees_editable_by``), administrators all;
an employee sees their own pledges only."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from lms.accounts.models import Role
from lms.organisation.models import Employee, OrgUnit
from lms.organisation.selectors import employees_editable_by

from .models import LeavingCase, LeavingCaseItem, PledgePurpose, PledgeType, PledgeVersion, SignedPledge

PLEDGE_STAFF = (Role.HR, Role.ADMIN)
PLEDGE_EDITORS = (Role.TRAINER, Role.ADMIN)


def signed_pledges_visible_to(*, user) -> QuerySet[SignedPledge]:
    return SignedPledge.objects.filter(employee__in=employees_editable_by(user=user)).select_related(
        "employee__unit", "pledge_type", "version", "withdrawal", "recorded_by"
    )


def signed_pledges_of(*, employee: Employee) -> QuerySet[SignedPledge]:
    return (
        SignedPledge.objects.filter(employee=employee)
        .select_related("pledge_type", "version", "withdrawal")
        .order_by("-signed_at")
    )


def leaving_cases_visible_to(*, user) -> QuerySet[LeavingCase]:
    return LeavingCase.objects.filter(employee__in=employees_editable_by(user=user)).select_related(
        "employee__unit", "employee__company", "override_by"
    )


def leaving_case_gate_open(case: LeavingCase) -> bool:
    """May the leaving pledge of this case be signed? Every item settled, or an override."""
    if case.is_overridden:
        return True
    return not case.items.filter(state=LeavingCaseItem.State.PENDING).exists()


def published_version(*, purpose: str) -> PledgeVersion | None:
    """The published version of the first pledge type with this purpose (hire or leaving)."""
    return (
        PledgeVersion.objects.published()
        .filter(pledge_type__purpose=purpose)
        .select_related("pledge_type")
        .order_by("pledge_type__position", "pledge_type__code")
        .first()
    )


@dataclass(frozen=True)
class DuePledge:
    """A pledge the employee should sign now; ``blocked`` says why they cannot yet."""

    version: PledgeVersion
    case: LeavingCase | None
    blocked: str


def pledges_due(*, employee: Employee) -> list[DuePledge]:
    """The hire pledge until a valid one is signed; the leaving pledge while a leaving case is open."""
    due = []
    signed = SignedPledge.objects.valid().filter(employee=employee)
    hire = published_version(purpose=PledgePurpose.HIRE)
    if hire is not None and not signed.filter(pledge_type__purpose=PledgePurpose.HIRE).exists():
        due.append(DuePledge(version=hire, case=None, blocked=""))
    case = LeavingCase.objects.open().filter(employee=employee).first()
    leaving = published_version(purpose=PledgePurpose.LEAVING) if case is not None else None
    if leaving is not None and not signed.filter(leaving_case=case).exists():
        blocked = (
            ""
            if leaving_case_gate_open(case)
            else _("HR is still checking the return of your documents, media, devices and accounts.")
        )
        due.append(DuePledge(version=leaving, case=case, blocked=blocked))
    return due


@dataclass(frozen=True)
class MissingPledge:
    employee: Employee
    purpose: str
    due_on: datetime.date
    days_overdue: int


def pledges_missing(
    *,
    user,
    hired_since: datetime.date,
    today: datetime.date,
    unit: OrgUnit | None = None,
    company: OrgUnit | None = None,
) -> list[MissingPledge]:
    """Hires since ``hired_since`` without a valid hire pledge, and leavers (past since ``hired_since``,
    and every upcoming one) without a valid leaving pledge, in the user's units. A constant number of
    queries, whatever the number of rows. ``days_overdue`` is negative for a leaving date still to come."""
    people = employees_editable_by(user=user)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    if company is not None:
        people = people.filter(company=company)
    valid = SignedPledge.objects.valid().filter(employee=OuterRef("pk"))
    hires = people.filter(hire_date__gte=hired_since, hire_date__lte=today).exclude(
        Exists(valid.filter(pledge_type__purpose=PledgePurpose.HIRE))
    )
    leavers = people.filter(leaving_date__isnull=False, leaving_date__gte=hired_since).exclude(
        Exists(
            valid.filter(pledge_type__purpose=PledgePurpose.LEAVING).filter(
                Q(leaving_case__isnull=True) | Q(leaving_case__leaving_date=OuterRef("leaving_date"))
            )
        )
    )
    related = ("unit", "company", "category")
    rows = [
        MissingPledge(
            employee=e, purpose=PledgePurpose.HIRE, due_on=e.hire_date, days_overdue=(today - e.hire_date).days
        )
        for e in hires.select_related(*related)
    ]
    rows += [
        MissingPledge(
            employee=e, purpose=PledgePurpose.LEAVING, due_on=e.leaving_date, days_overdue=(today - e.leaving_date).days
        )
        for e in leavers.select_related(*related)
    ]
    return sorted(rows, key=lambda r: (-r.days_overdue, r.employee.unit.path, r.employee.number))


def pledge_types_with_versions() -> QuerySet[PledgeType]:
    return PledgeType.objects.prefetch_related("versions")


def _item_count(*conditions: Q) -> Coalesce:
    # A subquery per count (not a join) keeps one row per case, so the pager's COUNT stays simple.
    counted = (
        LeavingCaseItem.objects.filter(*conditions, case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def leaving_cases_with_progress(cases: QuerySet[LeavingCase]) -> QuerySet[LeavingCase]:
    """``items_total``, ``items_pending``, ``items_settled`` and ``pledge_signed_on`` (the date of the
    valid leaving pledge, or None) on every case, in the same single query."""
    signed = (
        SignedPledge.objects.valid()
        .filter(leaving_case=OuterRef("pk"), pledge_type__purpose=PledgePurpose.LEAVING)
        .order_by("signed_at")
        .values("signed_on")[:1]
    )
    return cases.annotate(
        items_total=_item_count(),
        items_pending=_item_count(Q(state=LeavingCaseItem.State.PENDING)),
        pledge_signed_on=Subquery(signed),
    ).annotate(items_settled=F("items_total") - F("items_pending"))
