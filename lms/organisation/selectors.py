from lms.accounts.models import Role
from lms.accounts.selectors import units_for_roles, user_sees_whole_group

from .models import Employee, EmployeeQuerySet, OrgUnit


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


def employees_editable_by(*, user) -> EmployeeQuerySet:
    """Employees whose records the user may change: HR in their scope, administrators everywhere."""
    from lms.accounts.selectors import user_has_role

    if user_has_role(user, Role.ADMIN):
        return Employee.objects.all()
    units = units_for_roles(user, Role.HR)
    return Employee.objects.in_units(units) if units else Employee.objects.none()
