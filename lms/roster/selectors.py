from lms.accounts.models import Role
from lms.accounts.selectors import user_has_role

from .models import RosterImport


def roster_imports_visible_to(*, user):
    """Administrators see every import; HR sees the imports they made."""
    if user_has_role(user, Role.ADMIN):
        return RosterImport.objects.all()
    if user_has_role(user, Role.HR):
        return RosterImport.objects.filter(imported_by=user)
    return RosterImport.objects.none()
