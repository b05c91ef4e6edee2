"""Declaring who may use a view. Every Mamori view names its roles.

How a refusal looks, everywhere in Mamori's screens:

* anonymous: a redirect to the login page;
* signed in, without the role the view (or the action) needs: **403**, from ``forbidden``;
* with the role, asking for an object outside their scope by ID: **404**, because the object is
  not in the scoped queryset the view reads from (``lms.accounts.policies.ScopedObjectMixin``).

Wagtail's admin wraps every admin URL in ``require_admin_access``, which turns a raised
``PermissionDenied`` into a redirect to the dashboard. Mamori's admin views therefore *return* the
403 response instead of raising: ``role_required`` and ``RoleRequiredMixin`` here, and every view
of a ``ScopedModelViewSet`` through ``refusals_as_403``. (A user with no admin access at all, a
learner, is still sent to the admin login by Wagtail's gate, as an anonymous visitor is.)
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.views.defaults import permission_denied

from .selectors import user_has_role

FORBIDDEN_TEMPLATE = "mamori_admin/403.html"


def forbidden(request, exception: PermissionDenied | None = None):
    """The 403 response of a refused request, as an admin page."""
    return permission_denied(request, exception or PermissionDenied(), template_name=FORBIDDEN_TEMPLATE)


def refusals_as_403(view):
    """Wrap a view so a ``PermissionDenied`` it raises becomes the 403 response (see the module)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exception:
            return forbidden(request, exception)

    return wrapper


def role_required(*roles: str):
    """Allow users holding any of ``roles``; anonymous users go to the login page."""

    def decorator(view):
        guarded = refusals_as_403(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, *roles):
                return forbidden(request)
            return guarded(request, *args, **kwargs)

        wrapper.mamori_roles = roles
        return wrapper

    return decorator


def employee_required(view):
    """Allow logged-in users who are employees (learners)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request.user, "employee", None) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.mamori_roles = ("learner",)
    return wrapper


class RoleRequiredMixin:
    """Class-based equivalent of ``role_required``; set ``required_roles``."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_has_role(request.user, *self.required_roles):
            return forbidden(request)
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as exception:
            return forbidden(request, exception)
