"""Admin screens for role assignments, and the base every Mamori admin viewset builds on."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from lms.organisation.models import OrgUnit

from .models import Role, RoleAssignment, User
from .policies import RolePermissionPolicy, ScopedListingMixin, ScopedObjectMixin
from .services import role_grant, role_revoke

# Every view a ModelViewSet can offer, and the URL names that link to it.
_OPTIONAL_VIEWS = ("add", "edit", "delete", "history", "usage", "inspect", "copy")


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet offering only the views listed in ``enabled_views``.

    Wagtail's history, usage and copy views fetch objects without our scope;
    leaving them out (URL and links) means no screen can reach a row outside
    the user's scope by ID.
    """

    # Any of "index", "add", "edit", "delete", "inspect".
    enabled_views: tuple[str, ...] = ("index", "add", "edit")
    copy_view_enabled = False

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


# --- Role assignments: administrators only ---------------------------------------------

ADMIN_ONLY = (Role.ADMIN,)
role_assignment_policy = RolePermissionPolicy(
    RoleAssignment, roles={"view": ADMIN_ONLY, "add": ADMIN_ONLY, "delete": ADMIN_ONLY}
)


class RoleAssignmentForm(WagtailAdminModelForm):
    user = forms.ModelChoiceField(queryset=User.objects.filter(is_active=True).order_by("username"), label=_("user"))
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.all(),
        required=False,
        label=_("unit"),
        help_text=_("Required for managers and HR; ignored for group-wide roles."),
    )

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "unit"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") in (Role.MANAGER, Role.HR) and not cleaned.get("unit"):
            self.add_error("unit", _("This role needs a unit."))
        return cleaned


class RoleAssignmentIndexView(ScopedListingMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "unit")


class RoleAssignmentCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return role_grant(user=data["user"], role=data["role"], unit=data.get("unit"), actor=self.request.user)

    def get_success_buttons(self):
        # Assignments are granted or revoked, never edited.
        return []


class RoleAssignmentDeleteView(ScopedObjectMixin, generic.DeleteView):
    scope_action = "delete"

    def delete_action(self):
        role_revoke(assignment=self.object, actor=self.request.user)


class RoleAssignmentViewSet(ScopedModelViewSet):
    model = RoleAssignment
    icon = "group"
    enabled_views = ("index", "add", "delete")
    index_view_class = RoleAssignmentIndexView
    add_view_class = RoleAssignmentCreateView
    delete_view_class = RoleAssignmentDeleteView
    form_fields = ["user", "role", "unit"]
    list_display = ["user", "role", Column("unit", label=_("unit")), DateColumn("granted_at", label=_("granted"))]
    list_filter = ["role"]
    ordering = ["user__username", "role"]

    def get_form_class(self, for_update=False):
        return RoleAssignmentForm
