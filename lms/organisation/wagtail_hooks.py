"""The Organisation menu: units, employees, categories and role assignments."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Employee, EmployeeCategory, OrgUnit
from .viewsets import OrganisationViewSetGroup, employee_category_policy, employee_policy, org_unit_policy

# Registered at import, before any viewset asks the registry for a fallback policy.
register_permission_policy(OrgUnit, org_unit_policy)
register_permission_policy(Employee, employee_policy)
register_permission_policy(EmployeeCategory, employee_category_policy)


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationViewSetGroup()
