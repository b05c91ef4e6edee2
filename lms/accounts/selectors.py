"""Who may do what: roles and the organisation units they cover."""

from django.contrib.auth.models import AnonymousUser

from .models import Role, RoleAssignment

# Roles that read across the whole organisation.
GROUP_WIDE_ROLES = frozenset({Role.TRAINER, Role.AUDITOR, Role.ADMIN})


def user_roles(user) -> frozenset[str]:
    """The user's roles, cached on the user object for the request."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_mamori_roles", None)
    if cached is None:
        assignments = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
        roles = {a.role for a in assignments}
        if user.is_superuser:
            roles.add(Role.ADMIN)
        cached = (frozenset(roles), assignments)
        user._mamori_roles = cached
    return cached[0]


def user_has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def user_sees_whole_group(user) -> bool:
    return bool(user_roles(user) & GROUP_WIDE_ROLES)


def units_for_roles(user, *roles: str) -> list:
    """Units where the user holds one of ``roles`` (the sub-units are implied)."""
    user_roles(user)
    assignments = getattr(user, "_mamori_roles", (frozenset(), []))[1]
    return [a.unit for a in assignments if a.role in roles and a.unit is not None]
