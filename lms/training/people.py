"""The employee screens of the Organisation menu, with each person's training method.

Organisation owns the employee screens; the method is decided here, by the delivery rules, so
training extends those screens rather than organisation reaching up into training.
"""

import django_filters
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from lms.fiscal import fiscal_year_of
from lms.organisation.viewsets import EmployeeFilterSet, EmployeeIndexView, EmployeeInspectView, EmployeeViewSet

from .models import TrainingMethod
from .services import DECISION_FIELDS, delivery_method_decide, delivery_rules_load

NO_RULE = _("No rule matched: site HR decides")


class TrainingEmployeeFilterSet(EmployeeFilterSet):
    method = django_filters.ChoiceFilter(
        label=_("Training method"), choices=TrainingMethod.choices, method="filter_method"
    )

    class Meta(EmployeeFilterSet.Meta):
        pass

    def filter_method(self, queryset, name, value):
        if not value:
            return queryset
        # The method is decided, not stored: decide for the filtered rows in one pass.
        rules = delivery_rules_load()
        fiscal_year = fiscal_year_of(timezone.localdate())
        matching = [
            employee.pk
            for employee in queryset.select_related(None).only(*DECISION_FIELDS)
            if delivery_method_decide(employee=employee, rules=rules, fiscal_year=fiscal_year).method == value
        ]
        return queryset.filter(pk__in=matching)


class TrainingEmployeeIndexView(EmployeeIndexView):
    @cached_property
    def delivery_rules(self):
        # Loaded once per request (two queries), however many rows the page shows.
        return delivery_rules_load()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, employees, is_paginated = super().paginate_queryset(queryset, page_size)
        fiscal_year = fiscal_year_of(timezone.localdate())
        for employee in employees:
            employee.decision = delivery_method_decide(
                employee=employee, rules=self.delivery_rules, fiscal_year=fiscal_year
            )
        return paginator, page, employees, is_paginated

    def extra_columns(self) -> list:
        return [
            Column("method", label=_("training method"), accessor=lambda e: TrainingMethod(e.decision.method).label),
            Column("rule", label=_("decided by rule"), accessor=lambda e: e.decision.rule_name or NO_RULE),
        ]


class TrainingEmployeeInspectView(EmployeeInspectView):
    def get_fields_context(self):
        context = super().get_fields_context()
        decision = delivery_method_decide(
            employee=self.object, rules=delivery_rules_load(), fiscal_year=fiscal_year_of(timezone.localdate())
        )
        context.append(
            {"label": _("training method"), "value": TrainingMethod(decision.method).label, "component": None}
        )
        context.append({"label": _("decided by rule"), "value": decision.rule_name or NO_RULE, "component": None})
        return context


class TrainingEmployeeViewSet(EmployeeViewSet):
    index_view_class = TrainingEmployeeIndexView
    inspect_view_class = TrainingEmployeeInspectView
    filterset_class = TrainingEmployeeFilterSet
