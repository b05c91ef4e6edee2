"""The admin home: what each role acts on, as Wagtail home-page panels.

* every reporting role: the running campaigns of their scope (completion by category and by method
  against the due date, with a chart); managers and HR the people of their units overdue / not
  started / in progress, the secretariat and auditors the sites of the whole group furthest behind;
* whoever an app gives work to: the "to do" items and the unfinished background jobs that apps
  contribute through the hooks of ``lms.home.panels`` (unreturned slips, missing pledges, sessions
  to schedule, print and ZIP jobs, ...). The core knows no domain app: the pledges and sessions apps
  register their own items.
"""

import datetime
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component

from lms.accounts.selectors import user_has_role
from lms.home.panels import DASHBOARD_ACTIONS_HOOK, RUNNING_JOBS_HOOK
from lms.i18n.formatting import locale_percent
from lms.organisation.models import EmployeeCategory
from lms.training.models import TrainingMethod

from .charts import completion_bar_chart
from .completion import EVERY_ROLE, Selection, people_url
from .selectors import (
    CampaignProgress,
    Status,
    lagging_units,
    people_to_chase,
    report_roots,
    running_campaigns_progress,
)

CHASE_LIMIT = 10


def _days_left(due: datetime.date, on: datetime.date) -> str:
    days = (due - on).days
    if days > 0:
        return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    if days == 0:
        return _("due today")
    return ngettext("%(days)s day overdue", "%(days)s days overdue", -days) % {"days": -days}


class CompletionPanel(Component):
    """The running campaigns of the user's scope, with a chart and the numbers beside it."""

    name = "mamori_completion"
    template_name = "mamori_admin/home/completion_panel.html"
    order = 10

    def __init__(self, request, *, roots, progress: list[CampaignProgress], on: datetime.date):
        self.request = request
        self.roots = roots
        self.progress = progress
        self.on = on

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict:
        on = self.on
        roots = self.roots
        categories = list(EmployeeCategory.objects.all())
        method_labels = dict(TrainingMethod.choices)
        campaigns = []
        for progress in self.progress:
            campaign = progress.campaign
            selection = Selection(campaign.course_id, campaign.fiscal_year, None)
            by_category = [
                (c.display_name(), progress.by_category[c.pk], people_url(selection, unit=None, category=c.pk))
                for c in categories
                if c.pk in progress.by_category
            ]
            by_method = [
                (method_labels[m], progress.by_method[m], people_url(selection, unit=None, method=m))
                for m in TrainingMethod.values
                if m in progress.by_method
            ]
            campaigns.append(
                {
                    "campaign": campaign,
                    "progress": progress,
                    "percent": locale_percent(progress.total.rate),
                    "days_left": _days_left(campaign.due_date, on),
                    "is_overdue": campaign.due_date < on,
                    "by_category": [
                        (label, tally, locale_percent(tally.rate), url) for label, tally, url in by_category
                    ],
                    "by_method": [(label, tally, locale_percent(tally.rate), url) for label, tally, url in by_method],
                    "chart": completion_bar_chart(
                        title=_("%(campaign)s: completion by employee category") % {"campaign": campaign.name},
                        rows=[(label, tally.rate) for label, tally, _url in by_category],
                        label_header=_("Employee category"),
                    ),
                    "urls": {
                        "all": people_url(selection, unit=None),
                        Status.OVERDUE: people_url(selection, unit=None, status=Status.OVERDUE),
                        Status.IN_PROGRESS: people_url(selection, unit=None, status=Status.IN_PROGRESS),
                        Status.NOT_STARTED: people_url(selection, unit=None, status=Status.NOT_STARTED),
                    },
                }
            )
        return {"campaigns": campaigns, "scoped": roots is not None}


class PeopleToChasePanel(Component):
    """Managers and HR: the first people overdue, not started and in progress in their units."""

    name = "mamori_people_to_chase"
    template_name = "mamori_admin/home/people_to_chase_panel.html"
    order = 20

    def __init__(self, request, *, roots, progress: list[CampaignProgress], on: datetime.date):
        self.request = request
        self.roots = roots
        self.progress = progress
        self.on = on

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict:
        counts = {
            Status.OVERDUE: sum(p.overdue for p in self.progress),
            Status.NOT_STARTED: sum(p.not_started for p in self.progress),
            Status.IN_PROGRESS: sum(p.in_progress for p in self.progress),
        }
        lists = []
        for status, count in counts.items():
            first = people_to_chase(roots=self.roots, status=status, limit=CHASE_LIMIT, on=self.on) if count else []
            for assignment in first:
                assignment.list_url = people_url(
                    Selection(assignment.campaign.course_id, assignment.campaign.fiscal_year, None),
                    unit=None,
                    status=status,
                )
            lists.append({"status": status, "label": status.label, "people": first, "count": count})
        return {"lists": lists, "limit": CHASE_LIMIT}


class LaggingUnitsPanel(Component):
    """The secretariat and auditors: the sites of the whole group furthest behind."""

    name = "mamori_lagging_units"
    template_name = "mamori_admin/home/lagging_units_panel.html"
    order = 20

    def __init__(self, request, *, on: datetime.date):
        self.request = request
        self.on = on

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict:
        units = lagging_units(limit=CHASE_LIMIT, on=self.on)
        report = reverse("mamori_completion_rates")
        rows = [
            {
                "unit": item.unit,
                "tally": item.tally,
                "percent": locale_percent(item.tally.rate),
                "url": f"{report}?{urlencode({'unit': item.unit.pk})}",
            }
            for item in units
        ]
        return {"rows": rows}


class HookItemsPanel(Component):
    """A panel of what the apps' hook functions return for this user; not drawn when empty."""

    hook_name = ""

    def __init__(self, request):
        self.request = request
        self.items = [item for fn in hooks.get_hooks(self.hook_name) for item in fn(request)]

    def render_html(self, parent_context=None) -> str:
        return super().render_html(parent_context) if self.items else ""

    def get_context_data(self, parent_context=None) -> dict:
        return {"items": self.items}


class ActionsPanel(HookItemsPanel):
    """What the apps say is waiting for this user (``DASHBOARD_ACTIONS_HOOK``)."""

    name = "mamori_actions"
    template_name = "mamori_admin/home/actions_panel.html"
    order = 5
    hook_name = DASHBOARD_ACTIONS_HOOK


class RunningJobsPanel(HookItemsPanel):
    """Unfinished background jobs the apps show this user (``RUNNING_JOBS_HOOK``)."""

    name = "mamori_running_jobs"
    template_name = "mamori_admin/home/running_jobs_panel.html"
    order = 30
    hook_name = RUNNING_JOBS_HOOK


def homepage_panels_add(request, panels: list) -> None:
    """Registered with ``construct_homepage_panels`` (lms/reports/wagtail_hooks.py)."""
    panels.append(ActionsPanel(request))
    if user_has_role(request.user, *EVERY_ROLE):
        on = timezone.localdate()
        roots = report_roots(user=request.user)
        progress = running_campaigns_progress(roots=roots, on=on)
        panels.append(CompletionPanel(request, roots=roots, progress=progress, on=on))
        if roots is None:
            panels.append(LaggingUnitsPanel(request, on=on))
        else:
            panels.append(PeopleToChasePanel(request, roots=roots, progress=progress, on=on))
    panels.append(RunningJobsPanel(request))
