"""Reads for training. Scope is applied here, never in templates."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from lms.organisation.models import Employee, EmployeeCategory, EmployeeQuerySet, OrgUnit
from lms.organisation.selectors import employees_visible_to

from .models import Assignment, Campaign, CompletionRecord


def assignments_for_employee(*, employee):
    return (
        Assignment.objects.filter(employee=employee)
        .select_related("campaign")
        .with_completion()
        .order_by("-campaign__fiscal_year", "campaign__due_date")
    )


def current_completion(*, assignment) -> CompletionRecord | None:
    return CompletionRecord.objects.current().filter(assignment=assignment).first()


def assignments_visible_to(*, user, campaign: Campaign | None = None):
    qs = Assignment.objects.filter(employee__in=employees_visible_to(user=user))
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs


@dataclass
class RateCell:
    assigned: int = 0
    completed: int = 0

    @property
    def rate(self) -> float | None:
        return self.completed / self.assigned if self.assigned else None


@dataclass
class UnitRates:
    unit: OrgUnit | None
    by_category: dict[int, RateCell] = field(default_factory=lambda: defaultdict(RateCell))
    total: RateCell = field(default_factory=RateCell)

    def add(self, category_id: int, assigned: int, completed: int) -> None:
        cell = self.by_category[category_id]
        cell.assigned += assigned
        cell.completed += completed
        self.total.assigned += assigned
        self.total.completed += completed


@dataclass
class CompletionRates:
    """Rows per unit (each counting its sub-units) and the total of everything visible."""

    rows: list[UnitRates]
    total: UnitRates


def completion_rates(*, user, campaign: Campaign, units: list[OrgUnit]) -> CompletionRates:
    """Completion per unit (including its sub-units) and employee category.

    Only employees visible to ``user`` are counted, so a manager asking for
    another plant gets zeros, never its people. The total counts each visible
    assignment once, however the rows overlap. One aggregate query per call.
    """
    current = CompletionRecord.objects.current().filter(assignment=OuterRef("pk"))
    aggregates = (
        assignments_visible_to(user=user, campaign=campaign)
        .annotate(done=Exists(current))
        .values("employee__unit__path", "employee__category_id")
        .annotate(assigned=Count("pk"), completed=Count("pk", filter=Q(done=True)))
        .order_by()
    )
    rows = [UnitRates(unit=unit) for unit in units]
    total = UnitRates(unit=None)
    for aggregate in aggregates:
        values = (aggregate["employee__category_id"], aggregate["assigned"], aggregate["completed"])
        total.add(*values)
        for unit_rates in rows:
            if aggregate["employee__unit__path"].startswith(unit_rates.unit.path):
                unit_rates.add(*values)
    return CompletionRates(rows=rows, total=total)


def campaign_people(*, campaign: Campaign, on: datetime.date) -> EmployeeQuerySet:
    """Who a campaign covers on the day: the active employees (``EmploymentStatus``) of its units and
    their sub-units, everyone's when it names no unit. Launching and the launch preview both use it."""
    units = list(campaign.units.all())
    employees = Employee.objects.in_units(units) if units else Employee.objects.all()
    return employees.active(on)


def campaign_launch_preview(*, campaign: Campaign, on: datetime.date | None = None) -> dict[str, int]:
    """How many assignments ``campaign_launch`` would create on the day (today by default), per method.

    Mirrors the launch: ``campaign_people`` without an assignment yet, decided by the active delivery
    rules. Three queries.
    """
    from .services import DECISION_FIELDS, delivery_method_decide, delivery_rules_load

    on = on or timezone.localdate()
    employees = campaign_people(campaign=campaign, on=on).exclude(assignments__campaign=campaign)
    rules = delivery_rules_load()
    counts: Counter[str] = Counter()
    for employee in employees.only(*DECISION_FIELDS):
        counts[delivery_method_decide(employee=employee, rules=rules, fiscal_year=campaign.fiscal_year).method] += 1
    return dict(counts)


def categories_for_report():
    return list(EmployeeCategory.objects.all())
