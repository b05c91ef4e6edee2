"""Permission policies of the Organisation screens; the menu itself is registered by training
(``lms.training.wagtail_hooks``), whose employee screen adds the training method."""

from wagtail.permissions import register_permission_policy

from lms.accounts.models import RoleAssignment

from .models import Employee, EmployeeCategory, OrgUnit
from .viewsets import employee_category_policy, employee_policy, org_unit_policy, role_assignment_policy

# Registered at import, before any viewset asks the registry for a fallback policy.
register_permission_policy(OrgUnit, org_unit_policy)
register_permission_policy(Employee, employee_policy)
register_permission_policy(EmployeeCategory, employee_category_policy)
register_permission_policy(RoleAssignment, role_assignment_policy)
