"""Declaring who may use a view. Every Mamori view names its roles."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .selectors import user_has_role


def role_required(*roles: str):
    """Allow users holding any of ``roles``; anonymous users go to the login page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

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
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
