"""Admin screens for the organisation: units, employees, categories.

Who may do what is declared by the policies at the top; which rows they
reach comes from the selectors through the policies' scope functions.
"""

import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lms.accounts.models import Role, RoleAssignment, User
from lms.accounts.policies import RolePermissionPolicy, ScopedListingMixin, ScopedObjectMixin
from lms.accounts.services import role_grant, role_revoke
from lms.accounts.viewsets import ScopedModelViewSet, ServiceSaveMixin

from .forms import EmployeeForm, OrgUnitCreateForm, OrgUnitEditForm
from .models import Employee, EmployeeCategory, EmploymentStatus, OrgUnit
from .selectors import employees_editable_by, employees_visible_to, units_visible_to
from .services import (
    CATEGORY_FIELDS,
    ORG_UNIT_FIELDS,
    employee_category_create,
    employee_category_update,
    employee_create,
    employee_update,
    org_unit_add,
    org_unit_update,
)

EVERY_ROLE = (Role.MANAGER, Role.HR, Role.TRAINER, Role.AUDITOR, Role.ADMIN)


def _employee_scope(user, action):
    if action == "view":
        return employees_visible_to(user=user)
    return employees_editable_by(user=user)


def _unit_scope(user, action):
    if action == "view":
        return units_visible_to(user=user)
    return OrgUnit.objects.all()


employee_policy = RolePermissionPolicy(
    Employee,
    roles={"view": EVERY_ROLE, "add": (Role.HR, Role.ADMIN), "change": (Role.HR, Role.ADMIN)},
    scope=_employee_scope,
)
org_unit_policy = RolePermissionPolicy(
    OrgUnit, roles={"view": EVERY_ROLE, "add": (Role.ADMIN,), "change": (Role.ADMIN,)}, scope=_unit_scope
)
employee_category_policy = RolePermissionPolicy(
    EmployeeCategory,
    roles={
        "view": (Role.HR, Role.TRAINER, Role.AUDITOR, Role.ADMIN),
        "add": (Role.TRAINER, Role.ADMIN),
        "change": (Role.TRAINER, Role.ADMIN),
    },
)


# --- Organisation units ---------------------------------------------------------------


class OrgUnitIndexView(ScopedListingMixin, generic.IndexView):
    default_ordering = "path"

    def get_valid_orderings(self):
        return ["path"]

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        units = list(object_list)
        # One query for every name along the visible paths, instead of get_ancestors() per row.
        prefixes = {u.path[:i] for u in units for i in range(OrgUnit.steplen, len(u.path), OrgUnit.steplen)}
        names = dict(OrgUnit.objects.filter(path__in=prefixes).values_list("path", "name"))
        for unit in units:
            unit.breadcrumb = " › ".join(
                names[unit.path[:i]] for i in range(OrgUnit.steplen, len(unit.path), OrgUnit.steplen)
            )
        return paginator, page, units, is_paginated

    @cached_property
    def columns(self):
        return [
            self._get_title_column(
                "name",
                accessor=lambda unit: format_html("{}{}", "\u3000" * max(unit.depth - 1, 0), unit.name),
            ),
            Column("code", label=_("code")),
            Column("kind", label=_("kind"), accessor="get_kind_display"),
            Column("breadcrumb", label=_("belongs to")),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.add_url:
            buttons.append(
                MenuItem(
                    _("Add child unit"),
                    url=f"{self.add_url}?parent={instance.pk}",
                    icon_name="plus",
                    priority=15,
                )
            )
        return buttons


class OrgUnitCreateView(ServiceSaveMixin, generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        parent_id = self.request.GET.get("parent", "")
        if parent_id.isdigit():
            initial["parent"] = parent_id
        return initial

    def save_instance(self):
        data = self.form.cleaned_data
        return org_unit_add(parent=data["parent"], actor=self.request.user, **{f: data[f] for f in ORG_UNIT_FIELDS})


class OrgUnitEditView(ScopedObjectMixin, ServiceSaveMixin, generic.EditView):
    scope_action = "change"

    def save_instance(self):
        unit = self.get_stored_object()
        org_unit_update(unit=unit, actor=self.request.user, **{f: self.form.cleaned_data[f] for f in ORG_UNIT_FIELDS})
        return unit


class OrgUnitViewSet(ScopedModelViewSet):
    model = OrgUnit
    icon = "site"
    add_to_reference_index = False
    enabled_views = ("index", "add", "edit")
    index_view_class = OrgUnitIndexView
    list_per_page = 100
    add_view_class = OrgUnitCreateView
    edit_view_class = OrgUnitEditView
    form_fields = list(ORG_UNIT_FIELDS)

    def get_form_class(self, for_update=False):
        return OrgUnitEditForm if for_update else OrgUnitCreateForm


# --- Employees ------------------------------------------------------------------------


def _units_for_filter(request):
    return units_visible_to(user=request.user) if request else OrgUnit.objects.none()


# The roster flag is not an employment status: a flagged person is still active or a leaver.
ABSENT = "absent"
ABSENT_LABEL = _("Absent from the last roster")


class EmployeeFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (with sub-units)"), queryset=_units_for_filter, method="filter_unit"
    )
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=EmployeeCategory.objects.all())
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[*EmploymentStatus.choices, (ABSENT, ABSENT_LABEL)], method="filter_status"
    )

    class Meta:
        model = Employee
        fields = []

    def filter_unit(self, queryset, name, value):
        return queryset.in_units([value]) if value else queryset

    def filter_status(self, queryset, name, value):
        if value in EmploymentStatus.values:
            return queryset.with_status(value)
        if value == ABSENT:
            return queryset.filter(absent_from_roster_since__isnull=False)
        return queryset


def employee_status_label(employee: Employee) -> str:
    """The status column: the employment status today (the rule of ``EmploymentStatus``), and the
    roster flag beside it, so a row shows under every status filter that lists it."""
    label = str(employee.status_on().label)
    if employee.absent_from_roster_since:
        return f"{label} · {ABSENT_LABEL}"
    return label


class EmployeeIndexView(ScopedListingMixin, generic.IndexView):
    search_fields = ["number", "full_name", "name_reading"]
    search_backend_name = None
    default_ordering = "number"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("unit", "category")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        employees = list(object_list)
        self.editable_ids = set()
        if employees and self.user_has_permission("change"):
            self.editable_ids = set(
                employees_editable_by(user=self.request.user)
                .filter(pk__in=[e.pk for e in employees])
                .values_list("pk", flat=True)
            )
        return paginator, page, employees, is_paginated

    def get_edit_url(self, instance):
        if instance.pk in getattr(self, "editable_ids", ()):
            return super().get_edit_url(instance)
        return None

    @cached_property
    def columns(self):
        return [
            self._get_title_column("number"),
            Column("full_name", label=_("full name"), sort_key="full_name"),
            Column("unit", label=_("unit"), accessor="unit.name", sort_key="unit__path"),
            Column("category", label=_("category"), accessor=lambda e: e.category.display_name()),
            *self.extra_columns(),
            Column("status", label=_("status"), accessor=employee_status_label),
        ]

    def extra_columns(self) -> list:
        """Columns a screen built on this one adds before the status (training adds the method)."""
        return []


class EmployeeCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        return employee_create(
            actor=self.request.user, number=self.form.cleaned_data["number"], **self.form.service_values()
        )


class EmployeeEditView(ScopedObjectMixin, ServiceSaveMixin, generic.EditView):
    scope_action = "change"

    def save_instance(self):
        employee = self.get_stored_object()
        employee_update(employee=employee, actor=self.request.user, **self.form.service_values())
        return employee


# Domain apps add rows to an employee's page (their pledges, for example) without the core knowing
# them: a function registered under this Wagtail hook name takes ``(request, employee)`` and returns a
# list of ``{"label", "value", "component"}`` rows, shown after the employee's own fields.
EMPLOYEE_INSPECT_HOOK = "mamori_employee_inspect_rows"


class EmployeeInspectView(ScopedObjectMixin, generic.InspectView):
    scope_action = "view"

    def get_object(self, queryset=None):
        return self.get_scoped_object()

    def get_fields_context(self):
        context = super().get_fields_context()
        for rows_for in hooks.get_hooks(EMPLOYEE_INSPECT_HOOK):
            context.extend(rows_for(self.request, self.object))
        return context

    def get_edit_url(self):
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", self.object):
            return super().get_edit_url()
        return None


class EmployeeViewSet(ScopedModelViewSet):
    model = Employee
    icon = "user"
    add_to_reference_index = False
    enabled_views = ("index", "add", "edit", "inspect")
    index_view_class = EmployeeIndexView
    list_per_page = 50
    add_view_class = EmployeeCreateView
    edit_view_class = EmployeeEditView
    inspect_view_class = EmployeeInspectView
    filterset_class = EmployeeFilterSet
    inspect_view_fields = [
        "number",
        "full_name",
        "name_reading",
        "company",
        "unit",
        "category",
        "is_key_person",
        "preferred_language",
        "email",
        "has_pc",
        "reads_japanese",
        "joined_via",
        "hire_date",
        "leaving_date",
        "absent_from_roster_since",
    ]
    form_fields = EmployeeForm._meta.fields

    def get_form_class(self, for_update=False):
        return EmployeeForm


# --- Employee categories ----------------------------------------------------------------


class EmployeeCategoryCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        return employee_category_create(
            actor=self.request.user, **{f: self.form.cleaned_data[f] for f in CATEGORY_FIELDS}
        )


class EmployeeCategoryEditView(ScopedObjectMixin, ServiceSaveMixin, generic.EditView):
    scope_action = "change"

    def save_instance(self):
        category = self.get_stored_object()
        employee_category_update(
            category=category, actor=self.request.user, **{f: self.form.cleaned_data[f] for f in CATEGORY_FIELDS}
        )
        return category


class EmployeeCategoryViewSet(ScopedModelViewSet):
    model = EmployeeCategory
    icon = "tag"
    add_to_reference_index = False
    enabled_views = ("index", "add", "edit")
    add_view_class = EmployeeCategoryCreateView
    edit_view_class = EmployeeCategoryEditView
    form_fields = list(CATEGORY_FIELDS)
    list_display = ["name", "code", "translated_names", "position"]
    ordering = ["position", "code"]


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


class OrganisationViewSetGroup(ModelViewSetGroup):
    """The Organisation menu. Registered by training (``lms.training.wagtail_hooks``) with its employee
    screen, which adds each person's training method to the one here."""

    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 200

    def __init__(self, *, employee_viewset_class: type = EmployeeViewSet):
        self.items = (OrgUnitViewSet, employee_viewset_class, EmployeeCategoryViewSet, RoleAssignmentViewSet)
        super().__init__()
