"""The base every Mamori admin viewset builds on (the role-assignment screen is in organisation)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import path
from wagtail.admin.viewsets.model import ModelViewSet

from .permissions import refusals_as_403

# Every view a ModelViewSet can offer, and the URL names that link to it.
_OPTIONAL_VIEWS = ("add", "edit", "delete", "history", "usage", "inspect", "copy")


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet offering only the views listed in ``enabled_views``.

    Wagtail's history, usage and copy views fetch objects without our scope;
    leaving them out (URL and links) means no screen can reach a row outside
    the user's scope by ID.

    Every view it builds refuses a missing role with a 403 and an object outside the user's
    scope with a 404 (``lms.accounts.permissions``), not with Wagtail's redirect to the dashboard.
    """

    # Any of "index", "add", "edit", "delete", "inspect".
    enabled_views: tuple[str, ...] = ("index", "add", "edit")
    copy_view_enabled = False

    def construct_view(self, view_class, **kwargs):
        return refusals_as_403(super().construct_view(view_class, **kwargs))

    @property
    def inspect_view_enabled(self):
        return "inspect" in self.enabled_views

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for view in _OPTIONAL_VIEWS:
            if view not in self.enabled_views:
                view_kwargs[f"{view}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        # Views are constructed only when enabled: a disabled view may lack what it needs (a form).
        conv = self.pk_path_converter
        routes = {
            "index": lambda: [
                path("", self.index_view, name="index"),
                path("results/", self.index_results_view, name="index_results"),
            ],
            "add": lambda: [path("new/", self.add_view, name="add")],
            "edit": lambda: [path(f"edit/<{conv}:pk>/", self.edit_view, name="edit")],
            "delete": lambda: [path(f"delete/<{conv}:pk>/", self.delete_view, name="delete")],
            "inspect": lambda: [path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect")],
        }
        return [pattern for view in self.enabled_views for pattern in routes[view]()]


def _form_errors_from(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ServiceSaveMixin:
    """Create and edit views whose save goes through a Mamori service, not Wagtail's generic action.

    A ``ValidationError`` from the service shows on the form instead of a 500.
    """

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = self.save_instance()
        except ValidationError as error:
            _form_errors_from(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response
