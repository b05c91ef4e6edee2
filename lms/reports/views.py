"""Completion rates per unit and employee category, on screen and as CSV."""

import csv
from dataclasses import dataclass

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.reports import ReportView

from lms.accounts.models import Role
from lms.accounts.permissions import RoleRequiredMixin
from lms.accounts.selectors import units_for_roles, user_sees_whole_group
from lms.i18n.formatting import locale_percent
from lms.organisation.models import OrgUnit
from lms.training.models import Campaign
from lms.training.selectors import RateCell, categories_for_report, completion_rates

EVERY_ROLE = (Role.MANAGER, Role.HR, Role.TRAINER, Role.AUDITOR, Role.ADMIN)


def report_units(*, user) -> list[OrgUnit]:
    """Rows of the report: a manager's units each followed by its children; companies then sites for the group."""
    if user_sees_whole_group(user):
        return list(OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.COMPANY, OrgUnit.Kind.SITE]).order_by("path"))
    scope = units_for_roles(user, Role.MANAGER, Role.HR)
    # A unit inside another of the user's units is already covered by that one.
    tops = sorted(
        {u.pk: u for u in scope if not any(o.pk != u.pk and u.is_within(o) for o in scope)}.values(),
        key=lambda u: u.path,
    )
    units = []
    for unit in tops:
        units.append(unit)
        units.extend(unit.get_children())
    return units


def latest_launched_campaign() -> Campaign | None:
    return (
        Campaign.objects.exclude(status=Campaign.Status.DRAFT).order_by("-launched_at", "-fiscal_year", "-pk").first()
    )


class CampaignChoiceForm(forms.Form):
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.exclude(status=Campaign.Status.DRAFT),
        label=gettext_lazy("Campaign"),
        required=False,
    )


@dataclass
class Cell:
    completed: int
    assigned: int
    percent: str

    @classmethod
    def of(cls, rate: RateCell | None) -> "Cell":
        rate = rate or RateCell()
        return cls(completed=rate.completed, assigned=rate.assigned, percent=locale_percent(rate.rate))


class CompletionRatesView(RoleRequiredMixin, ReportView):
    """Every role; a manager or HR user sees only their units, the selector makes sure."""

    required_roles = EVERY_ROLE
    page_title = gettext_lazy("Completion rates")
    header_icon = "tick-inverse"
    template_name = "mamori_admin/completion_rates.html"
    results_template_name = "mamori_admin/completion_rates_results.html"
    index_url_name = "mamori_completion_rates"
    index_results_url_name = "mamori_completion_rates_results"
    paginate_by = None

    def get_campaign(self) -> Campaign | None:
        form = CampaignChoiceForm(self.request.GET)
        if form.is_valid() and form.cleaned_data["campaign"]:
            return form.cleaned_data["campaign"]
        return latest_launched_campaign()

    def get_queryset(self):
        self.campaign = self.get_campaign()
        self.categories = categories_for_report()
        if self.campaign is None:
            self.totals = None
            return []
        rates = completion_rates(
            user=self.request.user, campaign=self.campaign, units=report_units(user=self.request.user)
        )
        self.totals = {
            "cells": [Cell.of(rates.total.by_category.get(c.pk)) for c in self.categories],
            "total": Cell.of(rates.total.total),
        }
        return [
            {
                "unit": row.unit,
                "is_child": row.unit.kind in (OrgUnit.Kind.SITE, OrgUnit.Kind.DEPARTMENT),
                "cells": [Cell.of(row.by_category.get(c.pk)) for c in self.categories],
                "total": Cell.of(row.total),
            }
            for row in rates.rows
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initial = {"campaign": self.campaign.pk} if self.campaign else {}
        context.update(
            campaign=self.campaign,
            campaign_form=CampaignChoiceForm(initial=initial),
            categories=self.categories,
            totals=self.totals,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("export") == "csv":
            return self.as_csv(context)
        return super().render_to_response(context, **response_kwargs)

    def as_csv(self, context) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="completion-rates.csv"'
        # A byte-order mark lets spreadsheet programs read Japanese names correctly.
        response.write("\ufeff")
        writer = csv.writer(response)
        header = [_("Unit")]
        for category in context["categories"]:
            name = category.display_name()
            header += [
                _("%(category)s completed") % {"category": name},
                _("%(category)s assigned") % {"category": name},
                _("%(category)s rate") % {"category": name},
            ]
        header += [_("Total completed"), _("Total assigned"), _("Total rate")]
        writer.writerow(header)

        def cells(row):
            values = []
            for cell in [*row["cells"], row["total"]]:
                values += [cell.completed, cell.assigned, cell.percent]
            return values

        for row in context["object_list"]:
            writer.writerow([row["unit"].name, *cells(row)])
        if context["totals"]:
            writer.writerow([_("Total"), *cells(context["totals"])])
        return response
