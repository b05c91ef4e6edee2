"""Permission policy registration for accounts; the role screen sits in the Organisation menu."""

from wagtail.permissions import register_permission_policy

from .models import RoleAssignment
from .viewsets import role_assignment_policy

# Registered at import, before any viewset asks the registry for a fallback policy.
register_permission_policy(RoleAssignment, role_assignment_policy)
