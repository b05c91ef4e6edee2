"""Reads for training. Scope is applied here, never in templates."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from lms.organisation.models import EmployeeCategory, OrgUnit
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
    unit: OrgUnit
    by_category: dict[int, RateCell] = field(default_factory=lambda: defaultdict(RateCell))
    total: RateCell = field(default_factory=RateCell)


def completion_rates(*, user, campaign: Campaign, units: list[OrgUnit]) -> list[UnitRates]:
    """Completion per unit (including its sub-units) and employee category.

    Only employees visible to ``user`` are counted, so a manager asking for
    another plant gets zeros, never its people. One aggregate query per call.
    """
    current = CompletionRecord.objects.current().filter(assignment=OuterRef("pk"))
    rows = (
        assignments_visible_to(user=user, campaign=campaign)
        .annotate(done=Exists(current))
        .values("employee__unit__path", "employee__category_id")
        .annotate(assigned=Count("pk"), completed=Count("pk", filter=Q(done=True)))
    )
    result = [UnitRates(unit=unit) for unit in units]
    for row in rows:
        for unit_rates in result:
            if row["employee__unit__path"].startswith(unit_rates.unit.path):
                cell = unit_rates.by_category[row["employee__category_id"]]
                cell.assigned += row["assigned"]
                cell.completed += row["completed"]
                unit_rates.total.assigned += row["assigned"]
                unit_rates.total.completed += row["completed"]
    return result


def categories_for_report():
    return list(EmployeeCategory.objects.all())
