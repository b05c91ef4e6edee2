"""Admin screens for training: delivery rules, campaigns, completion records."""

import django_filters
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lms.accounts.models import Role
from lms.accounts.policies import RolePermissionPolicy, ScopedListingMixin, ScopedObjectMixin
from lms.accounts.viewsets import ScopedModelViewSet, ServiceSaveMixin
from lms.organisation.models import Employee, OrgUnit
from lms.organisation.selectors import employees_editable_by, employees_visible_to, units_visible_to

from .admin_views import CampaignLaunchView, CompletionCorrectView
from .forms import CampaignForm, DeliveryRuleForm
from .models import Campaign, CompletionRecord, Condition, DeliveryRule, TrainingMethod
from .services import (
    campaign_create,
    campaign_update,
    delivery_rule_create,
    delivery_rule_delete,
    delivery_rule_update,
)

EVERY_ROLE = (Role.MANAGER, Role.HR, Role.TRAINER, Role.AUDITOR, Role.ADMIN)
CONFIGURERS = (Role.TRAINER, Role.ADMIN)


def _completion_scope(user, action):
    employees = employees_visible_to(user=user) if action == "view" else employees_editable_by(user=user)
    return CompletionRecord.objects.filter(assignment__employee__in=employees)


def _campaign_scope(user, action):
    if action == "change":
        # Only drafts change. A second launch reaches the view and is refused there with a message.
        return Campaign.objects.filter(status=Campaign.Status.DRAFT)
    return Campaign.objects.all()


delivery_rule_policy = RolePermissionPolicy(
    DeliveryRule,
    roles={"view": (*CONFIGURERS, Role.AUDITOR), "add": CONFIGURERS, "change": CONFIGURERS, "delete": CONFIGURERS},
)
campaign_policy = RolePermissionPolicy(
    Campaign,
    roles={"view": EVERY_ROLE, "add": CONFIGURERS, "change": CONFIGURERS, "launch": CONFIGURERS},
    scope=_campaign_scope,
)
completion_record_policy = RolePermissionPolicy(
    CompletionRecord,
    roles={"view": EVERY_ROLE, "correct": (Role.HR, Role.ADMIN)},
    scope=_completion_scope,
)


# --- Delivery rules -------------------------------------------------------------------


def conditions_summary(rule: DeliveryRule) -> str:
    """The rule's conditions in one line; "everyone" when it has none. Needs categories prefetched."""
    labels = dict(Condition.choices)
    parts = []
    categories = [str(c) for c in rule.categories.all()]
    if categories:
        parts.append(_("categories: %(names)s") % {"names": ", ".join(categories)})
    for field_name, label in (
        ("key_person", _("key person")),
        ("has_pc", _("has a PC")),
        ("reads_japanese", _("reads Japanese")),
        ("hired_in_fiscal_year", _("hired this fiscal year")),
    ):
        value = getattr(rule, field_name)
        if value:
            parts.append(f"{label}: {labels[value]}")
    if rule.joined_via:
        parts.append(_("joined via: %(ways)s") % {"ways": ", ".join(rule.joined_via_labels())})
    return "; ".join(parts) or _("everyone")


class DeliveryRuleIndexView(ScopedListingMixin, generic.IndexView):
    default_ordering = "position"

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("categories")

    @cached_property
    def columns(self):
        return [
            Column("position", label=gettext_lazy("position"), sort_key="position"),
            self._get_title_column("name"),
            Column("conditions", label=gettext_lazy("conditions"), accessor=conditions_summary),
            Column("method", label=gettext_lazy("training method"), accessor="get_method_display"),
            BooleanColumn("is_active", label=gettext_lazy("active")),
        ]


class DeliveryRuleCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        return delivery_rule_create(
            actor=self.request.user, categories=self.form.cleaned_data["categories"], **self.form.service_values()
        )


class DeliveryRuleEditView(ScopedObjectMixin, ServiceSaveMixin, generic.EditView):
    scope_action = "change"

    def save_instance(self):
        rule = self.get_stored_object()
        delivery_rule_update(
            rule=rule,
            actor=self.request.user,
            categories=self.form.cleaned_data["categories"],
            **self.form.service_values(),
        )
        return rule


class DeliveryRuleDeleteView(ScopedObjectMixin, generic.DeleteView):
    scope_action = "delete"

    def delete_action(self):
        delivery_rule_delete(rule=self.object, actor=self.request.user)


class DeliveryRuleViewSet(ScopedModelViewSet):
    model = DeliveryRule
    icon = "list-ol"
    add_to_reference_index = False
    enabled_views = ("index", "add", "edit", "delete")
    index_view_class = DeliveryRuleIndexView
    add_view_class = DeliveryRuleCreateView
    edit_view_class = DeliveryRuleEditView
    delete_view_class = DeliveryRuleDeleteView
    form_fields = DeliveryRuleForm._meta.fields

    def get_form_class(self, for_update=False):
        return DeliveryRuleForm


# --- Campaigns ------------------------------------------------------------------------


class CampaignIndexView(ScopedListingMixin, generic.IndexView):
    launch_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("course")

    @cached_property
    def columns(self):
        return [
            self._get_title_column("name"),
            Column("fiscal_year", label=gettext_lazy("fiscal year"), sort_key="fiscal_year"),
            Column("course", label=gettext_lazy("course"), accessor="course.title"),
            DateColumn("due_date", label=gettext_lazy("due date"), sort_key="due_date"),
            Column("status", label=gettext_lazy("status"), accessor="get_status_display"),
            DateColumn("launched_at", label=gettext_lazy("launched at")),
        ]

    def get_edit_url(self, instance):
        if instance.status == Campaign.Status.DRAFT:
            return super().get_edit_url(instance)
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Campaign.Status.DRAFT and self.user_has_permission("launch"):
            buttons.append(
                MenuItem(
                    gettext_lazy("Launch"),
                    url=reverse(self.launch_url_name, args=[instance.pk]),
                    icon_name="resubmit",
                    priority=5,
                )
            )
        return buttons


class CampaignCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        return campaign_create(
            actor=self.request.user, units=self.form.cleaned_data["units"], **self.form.service_values()
        )


class CampaignEditView(ScopedObjectMixin, ServiceSaveMixin, generic.EditView):
    scope_action = "change"

    def dispatch(self, request, *args, **kwargs):
        campaign = Campaign.objects.filter(pk=self.kwargs.get(self.pk_url_kwarg)).only("status").first()
        if campaign is not None and campaign.status != Campaign.Status.DRAFT and self.user_has_permission("change"):
            messages.error(request, _("Only a draft campaign can be changed."))
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        campaign = self.get_stored_object()
        campaign_update(
            campaign=campaign,
            actor=self.request.user,
            units=self.form.cleaned_data["units"],
            **self.form.service_values(),
        )
        return campaign


class CampaignViewSet(ScopedModelViewSet):
    model = Campaign
    icon = "calendar-alt"
    add_to_reference_index = False
    enabled_views = ("index", "add", "edit")
    index_view_class = CampaignIndexView
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView
    form_fields = CampaignForm._meta.fields

    def get_form_class(self, for_update=False):
        return CampaignForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(launch_url_name=self.get_url_name("launch"), **kwargs)

    @property
    def launch_view(self):
        return self.construct_view(CampaignLaunchView)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("launch/<int:pk>/", self.launch_view, name="launch")]


# --- Completion records ------------------------------------------------------------------


def _units_for_filter(request):
    return units_visible_to(user=request.user) if request else OrgUnit.objects.none()


class CompletionRecordFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Campaign"), queryset=Campaign.objects.all(), field_name="assignment__campaign"
    )
    method = django_filters.ChoiceFilter(label=gettext_lazy("Training method"), choices=TrainingMethod.choices)
    unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Unit (with sub-units)"), queryset=_units_for_filter, method="filter_unit"
    )

    class Meta:
        model = CompletionRecord
        fields = []

    def filter_unit(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(assignment__employee__in=Employee.objects.in_units([value]))


def _record_status(record: CompletionRecord) -> str:
    if record.corrected_by_pk is not None:
        return _("Superseded by a correction")
    if record.is_void:
        return _("Withdrawn")
    return _("Current")


class CompletionRecordIndexView(ScopedListingMixin, generic.IndexView):
    correct_url_name = None
    default_ordering = "-recorded_at"

    def get_base_queryset(self):
        corrected_by = CompletionRecord.objects.filter(corrects=OuterRef("pk")).values("pk")[:1]
        return (
            super()
            .get_base_queryset()
            .select_related("assignment__employee", "assignment__campaign", "recorded_by")
            .annotate(corrected_by_pk=Subquery(corrected_by))
        )

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "employee",
                label=gettext_lazy("employee"),
                accessor="assignment.employee",
                sort_key="assignment__employee__number",
                get_url=lambda record: None,
            ),
            Column("campaign", label=gettext_lazy("campaign"), accessor="assignment.campaign"),
            Column("method", label=gettext_lazy("training method"), accessor="get_method_display"),
            DateColumn("completed_on", label=gettext_lazy("completed on"), sort_key="completed_on"),
            Column("evidence", label=gettext_lazy("evidence"), accessor="get_evidence_kind_display"),
            Column("recorded_by", label=gettext_lazy("recorded by"), accessor="recorded_by"),
            DateColumn("recorded_at", label=gettext_lazy("recorded at"), sort_key="recorded_at"),
            Column("state", label=gettext_lazy("state"), accessor=_record_status),
            Column("note", label=gettext_lazy("evidence note"), accessor="evidence_note"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.corrected_by_pk is None and self.user_has_permission("correct"):
            buttons.append(
                MenuItem(
                    pgettext_lazy("fix a completion record", "Correct"),
                    url=reverse(self.correct_url_name, args=[instance.pk]),
                    icon_name="edit",
                    priority=10,
                )
            )
        return buttons


class CompletionRecordViewSet(ScopedModelViewSet):
    """Read-only: records are evidence. Corrections are new records; there is no delete view."""

    model = CompletionRecord
    icon = "tick-inverse"
    add_to_reference_index = False
    enabled_views = ("index",)
    index_view_class = CompletionRecordIndexView
    list_per_page = 50
    filterset_class = CompletionRecordFilterSet

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(correct_url_name=self.get_url_name("correct"), **kwargs)

    @property
    def correct_view(self):
        return self.construct_view(CompletionCorrectView)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("correct/<int:pk>/", self.correct_view, name="correct")]


class TrainingViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Training")
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = (DeliveryRuleViewSet, CampaignViewSet, CompletionRecordViewSet)
