"""Reads for training. Scope is applied here, never in templates."""

import datetime
from collections import Counter

from django.utils import timezone

from lms.organisation.models import Employee, EmployeeCategory, EmployeeQuerySet
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
