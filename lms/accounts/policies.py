"""Wagtail permission policies driven by Mamori roles, and the view mixins that apply their scope.

A policy answers two questions for the admin: may this user perform an
action on the model at all (menu items, buttons, view dispatch), and which
rows may they reach (every queryset an admin view uses). The second answer
comes from the selectors, so a manager guessing another unit's IDs in a URL
gets a 404: the object is not in their queryset. A user lacking the role for
the action gets a 403 (see ``lms.accounts.permissions``).
"""

from collections.abc import Callable, Iterable, Mapping

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import Role, User
from .selectors import user_has_role

ScopeFunction = Callable[[User, str], QuerySet]


class RolePermissionPolicy(BasePermissionPolicy):
    """Permissions per action given to roles; rows limited by a scope function.

    ``roles`` maps an action ("view", "add", "change", "delete" or a custom
    one such as "launch") to the roles allowed to perform it. ``scope`` takes
    the user and the action and returns the queryset of rows reachable for
    that action; without it every row is reachable once the role allows.
    """

    def __init__(self, model, *, roles: Mapping[str, Iterable[str]], scope: ScopeFunction | None = None):
        super().__init__(model)
        self.roles = {action: frozenset(allowed) for action, allowed in roles.items()}
        self.scope = scope

    def roles_for(self, action: str) -> frozenset[str]:
        return self.roles.get(action, frozenset())

    def user_has_permission(self, user, action: str) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        allowed = self.roles_for(action)
        return bool(allowed) and user_has_role(user, *allowed)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = set().union(*(self.roles_for(action) for action in actions)) if actions else set()
        if not allowed:
            return User.objects.none()
        condition = Q(role_assignments__role__in=allowed)
        if Role.ADMIN in allowed:
            condition |= Q(is_superuser=True)
        return User.objects.filter(is_active=True).filter(condition).distinct()

    def _scoped(self, user, action: str) -> QuerySet:
        if self.scope is None:
            return self.model._default_manager.all()
        return self.scope(user, action)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        querysets = [self._scoped(user, action) for action in actions if self.user_has_permission(user, action)]
        if not querysets:
            return self.model._default_manager.none()
        combined = querysets[0]
        for queryset in querysets[1:]:
            combined = combined | queryset
        return combined

    def user_has_permission_for_instance(self, user, action: str, instance: Model) -> bool:
        if not self.user_has_permission(user, action):
            return False
        return self._scoped(user, action).filter(pk=instance.pk).exists()

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)


# --- View mixins ---------------------------------------------------------------------
# Wagtail's generic views fetch rows with ``Model._default_manager``; these
# mixins route every fetch through the policy's scope instead.


class ScopedListingMixin:
    """For index views: the listing starts from the rows the user may view."""

    scope_action = "view"

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, self.scope_action)


class ScopedObjectMixin:
    """For edit, delete, inspect and operation views: the object must be within the user's scope for
    the action. Without the role for the action the request is refused (``PermissionDenied``, a 403)
    before any object is looked up; with it, an ID outside the scope is a 404."""

    scope_action = "view"

    def get_scoped_queryset(self) -> QuerySet:
        if not self.permission_policy.user_has_permission(self.request.user, self.scope_action):
            raise PermissionDenied
        return self.permission_policy.instances_user_has_permission_for(self.request.user, self.scope_action)

    # Used by Django's SingleObjectMixin.get_object (edit and delete views).
    def get_queryset(self):
        return self.get_scoped_queryset()

    def get_scoped_object(self):
        return get_object_or_404(self.get_scoped_queryset(), pk=unquote(str(self.kwargs[self.pk_url_kwarg])))

    def get_stored_object(self):
        """The object as stored: an edit view's bound form has already copied its values onto
        ``self.object``, so a service comparing old and new values needs a fresh copy."""
        return self.get_scoped_queryset().get(pk=self.object.pk)
