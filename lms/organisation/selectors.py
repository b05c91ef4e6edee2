from django.db.models import Q

from lms.accounts.models import Role
from lms.accounts.selectors import units_for_roles, user_has_role, user_sees_whole_group

from .models import Employee, EmployeeQuerySet, OrgUnit, OrgUnitQuerySet


def units_visible_to(*, user):
    """Organisation units the user may see: their scope and its sub-units."""
    if user_sees_whole_group(user):
        return OrgUnit.objects.all()
    units = units_for_roles(user, Role.MANAGER, Role.HR)
    return OrgUnit.objects.subtrees(units) if units else OrgUnit.objects.none()


def employees_visible_to(*, user) -> EmployeeQuerySet:
    """Employees the user may see. Managers and HR see their units and sub-units only."""
    if user_sees_whole_group(user):
        return Employee.objects.all()
    units = units_for_roles(user, Role.MANAGER, Role.HR)
    if not units:
        return Employee.objects.none()
    return Employee.objects.in_units(units)


def handled_unit_roots(*, user) -> list[OrgUnit] | None:
    """The units (each with its sub-units) whose people and paperwork ``user`` handles.

    HR handle the units of their HR role assignments; administrators handle everything (None).
    The one definition behind ``units_handled_by``, ``employees_editable_by`` and the roster scope.
    """
    if user_has_role(user, Role.ADMIN):
        return None
    return units_for_roles(user, Role.HR)


def units_handled_by(*, user) -> OrgUnitQuerySet:
    """Units whose employees, slips, printing and certificates ``user`` handles (see ``handled_unit_roots``)."""
    roots = handled_unit_roots(user=user)
    if roots is None:
        return OrgUnit.objects.all()
    return OrgUnit.objects.subtrees(roots) if roots else OrgUnit.objects.none()


def employees_editable_by(*, user) -> EmployeeQuerySet:
    """Employees whose records the user may change: HR in their scope, administrators everywhere."""
    roots = handled_unit_roots(user=user)
    if roots is None:
        return Employee.objects.all()
    return Employee.objects.in_units(roots) if roots else Employee.objects.none()


def companies_handled_by(*, user) -> OrgUnitQuerySet:
    """The companies of the units ``user`` handles: those inside them and the one each belongs to."""
    roots = handled_unit_roots(user=user)
    if roots is None:
        return OrgUnit.objects.companies()
    if not roots:
        return OrgUnit.objects.none()
    condition = Q()
    for root in roots:
        # Materialised paths: every prefix of a unit's path, a step at a time, is one of its ancestors.
        ancestors = [root.path[:end] for end in range(OrgUnit.steplen, len(root.path) + 1, OrgUnit.steplen)]
        condition |= Q(path__in=ancestors) | Q(path__startswith=root.path)
    return OrgUnit.objects.companies().filter(condition)
