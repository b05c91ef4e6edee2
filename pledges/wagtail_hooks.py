"""The Pledges admin menu and URLs, the pledges on an employee's page, the learner's "My pledges" link."""

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from lms.accounts.context_processors import LEARNER_LINKS_HOOK
from lms.accounts.models import Role
from lms.accounts.selectors import user_has_role
from lms.home.panels import DASHBOARD_ACTIONS_HOOK, ActionItem
from lms.learning.views import MY_TRAINING_NOTICES_HOOK
from lms.organisation.viewsets import EMPLOYEE_INSPECT_HOOK

from .selectors import pledges_due, pledges_missing
from .views import leaving, missing, records, texts

ADMIN_MODULES = (records, leaving, missing, texts)


@hooks.register("register_admin_urls")
def register_pledge_admin_urls():
    patterns = [pattern for module in ADMIN_MODULES for pattern in module.admin_urlpatterns]
    return [path("mamori/pledges/", include((patterns, "pledges_admin")))]


@hooks.register("register_admin_menu_item")
def register_pledges_menu():
    items = [item for module in ADMIN_MODULES for item in module.menu_items()]
    return SubmenuMenuItem(gettext_lazy("Pledges"), Menu(items=items), name="pledges", icon_name="doc-full", order=740)


@hooks.register(EMPLOYEE_INSPECT_HOOK)
def pledge_rows_for_employee(request, employee):
    return records.employee_rows(request, employee)


@hooks.register(LEARNER_LINKS_HOOK)
def my_pledges_link(request):
    if getattr(request.user, "employee", None) is None:
        return []
    return [(_("My pledges"), reverse("pledges:mine"))]


@hooks.register(MY_TRAINING_NOTICES_HOOK)
def pledges_waiting_notice(request, employee):
    due = [item for item in pledges_due(employee=employee) if not item.blocked]
    return [
        (
            _("%(pledge)s is waiting for your signature.") % {"pledge": item.version.pledge_type.display_name()},
            reverse("pledges:sign", args=[item.version.pk]),
            _("Read and sign"),
        )
        for item in due
    ]


@hooks.register(DASHBOARD_ACTIONS_HOOK)
def missing_pledges_action(request) -> list[ActionItem]:
    """HR (the units they handle): this fiscal year's hires and the leavers without a valid pledge."""
    if not user_has_role(request.user, Role.HR):
        return []
    today = timezone.localdate()
    count = len(pledges_missing(user=request.user, hired_since=missing.fiscal_year_start(today), today=today))
    if not count:
        return []
    return [ActionItem(label=_("Pledges missing"), count=count, url=reverse("pledges_admin:missing"))]
