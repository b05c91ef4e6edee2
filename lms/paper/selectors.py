"""Reads for paper training. HR scope is applied here: HR see their units, administrators all."""

from collections.abc import Iterable

from django.db.models import QuerySet

from lms.accounts.models import Role
from lms.accounts.selectors import user_has_role
from lms.organisation.models import EmployeeCategory, OrgUnit
from lms.organisation.selectors import employees_editable_by
from lms.training.models import Assignment, Campaign, TrainingMethod

from .models import ExcerptPrintJob

# Methods whose people get the excerpt on paper and return a signed slip.
PAPER_METHODS = (TrainingMethod.PRINTED_EXCERPT, TrainingMethod.HR_HANDOUT)
PAPER_STAFF = (Role.HR, Role.ADMIN)


def assignments_in_paper_scope(*, user) -> QuerySet[Assignment]:
    """Assignments of the employees whose paper HR ``user`` handles."""
    return Assignment.objects.filter(employee__in=employees_editable_by(user=user))


def campaigns_for_paper() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status=Campaign.Status.LAUNCHED)


def paper_assignment_for_employee(*, employee, course) -> Assignment | None:
    """The employee's open assignment in the newest launched campaign of ``course``."""
    return (
        Assignment.objects.filter(employee=employee, campaign__course=course, campaign__status=Campaign.Status.LAUNCHED)
        .open()
        .select_related("employee__unit", "campaign")
        .order_by("-campaign__fiscal_year", "-campaign__launched_at")
        .first()
    )


def print_candidates(
    *,
    user,
    campaign: Campaign,
    units: Iterable[OrgUnit] = (),
    categories: Iterable[EmployeeCategory] = (),
    methods: Iterable[str] = (TrainingMethod.PRINTED_EXCERPT,),
) -> QuerySet[Assignment]:
    """Open assignments to print, sorted by unit (the order slips are handed out in)."""
    qs = assignments_in_paper_scope(user=user).filter(campaign=campaign, method__in=list(methods)).open()
    units = list(units)
    if units:
        qs = qs.filter(employee__in=employees_editable_by(user=user).in_units(units))
    categories = list(categories)
    if categories:
        qs = qs.filter(employee__category__in=categories)
    return qs.select_related("employee__unit", "campaign").order_by("employee__unit__path", "employee__number")


def slip_checklist(*, user, campaign: Campaign, unit: OrgUnit | None) -> QuerySet[Assignment]:
    """Open paper assignments of a campaign, for ticking returned slips by name."""
    qs = assignments_in_paper_scope(user=user).filter(campaign=campaign, method__in=PAPER_METHODS).open()
    if unit is not None:
        qs = qs.filter(employee__unit__path__startswith=unit.path)
    return qs.select_related("employee__unit").order_by("employee__unit__path", "employee__full_name")


def unreturned_slip_count(*, user) -> int:
    """Open paper assignments of running campaigns in ``user``'s scope: slips handed out, not back yet."""
    return (
        assignments_in_paper_scope(user=user)
        .filter(campaign__status=Campaign.Status.LAUNCHED, method__in=PAPER_METHODS, completed_on__isnull=True)
        .count()
    )


def print_jobs_visible_to(*, user) -> QuerySet[ExcerptPrintJob]:
    """Administrators see every job; HR the jobs they started (their people only)."""
    qs = ExcerptPrintJob.objects.select_related("campaign", "created_by")
    if user_has_role(user, Role.ADMIN):
        return qs
    return qs.filter(created_by=user)
