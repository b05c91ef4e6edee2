"""Granting and revoking roles. The Django group follows the role, the unit sets the scope."""

from django.contrib.auth.models import Group
from django.db import transaction

from lms.audit.services import audit_log

from .models import SCOPED_ROLES, Role, RoleAssignment, User

ROLE_GROUPS = {
    Role.MANAGER: "Managers",
    Role.HR: "HR",
    Role.TRAINER: "Secretariat",
    Role.AUDITOR: "Auditors",
}


def role_grant(*, user: User, role: str, unit, actor) -> RoleAssignment:
    if role in SCOPED_ROLES and unit is None:
        raise ValueError(f"The {role} role needs a unit.")
    if role not in SCOPED_ROLES:
        unit = None
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        if role == Role.ADMIN:
            if not (user.is_superuser and user.is_staff):
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
        else:
            user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        if created:
            audit_log(actor=actor, action="mamori.role.grant", instance=assignment, data={"role": role, "unit": unit})
    user.__dict__.pop("_mamori_roles", None)
    return assignment


def role_revoke(*, assignment: RoleAssignment, actor) -> None:
    user, role = assignment.user, assignment.role
    with transaction.atomic():
        audit_log(
            actor=actor, action="mamori.role.revoke", instance=assignment, data={"role": role, "unit": assignment.unit}
        )
        assignment.delete()
        if role == Role.ADMIN and not RoleAssignment.objects.filter(user=user, role=Role.ADMIN).exists():
            user.is_superuser = user.is_staff = False
            user.save(update_fields=["is_superuser", "is_staff"])
        elif role in ROLE_GROUPS and not RoleAssignment.objects.filter(user=user, role=role).exists():
            user.groups.remove(Group.objects.get(name=ROLE_GROUPS[role]))
    user.__dict__.pop("_mamori_roles", None)
