from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from lms.accounts.menus import RoleMenuItem
from lms.accounts.models import Role
from lms.accounts.selectors import user_has_role
from lms.home.panels import DASHBOARD_ACTIONS_HOOK, RUNNING_JOBS_HOOK, ActionItem, RunningJob, running_jobs_of

from .models import ExcerptPrintJob
from .selectors import PAPER_STAFF, print_jobs_visible_to, unreturned_slip_count


@hooks.register("register_admin_urls")
def register_paper_urls():
    return [path("mamori/paper/", include("lms.paper.urls"))]


@hooks.register("register_admin_menu_item")
def register_slip_menu_item():
    return RoleMenuItem(
        gettext_lazy("Returned slips"),
        reverse_lazy("paper:slip_scan"),
        name="paper-slips",
        icon_name="tick",
        order=710,
        roles=PAPER_STAFF,
    )


@hooks.register("register_admin_menu_item")
def register_print_menu_item():
    return RoleMenuItem(
        gettext_lazy("Print excerpts"),
        reverse_lazy("paper:print_job_new"),
        name="paper-print",
        icon_name="doc-full",
        order=720,
        roles=PAPER_STAFF,
    )


@hooks.register(DASHBOARD_ACTIONS_HOOK)
def unreturned_slips_action(request) -> list[ActionItem]:
    """HR (the units they handle): paper assignments of running campaigns whose slip is not back yet."""
    if not user_has_role(request.user, Role.HR):
        return []
    count = unreturned_slip_count(user=request.user)
    if not count:
        return []
    return [ActionItem(label=_("Signed slips not returned yet"), count=count, url=reverse("paper:slip_checklist"))]


@hooks.register(RUNNING_JOBS_HOOK)
def running_print_jobs(request) -> list[RunningJob]:
    if not user_has_role(request.user, *PAPER_STAFF):
        return []
    jobs = print_jobs_visible_to(user=request.user).exclude(status__in=ExcerptPrintJob.FINISHED)
    return running_jobs_of(
        jobs,
        label_for=lambda job: _("Printing excerpts: %(campaign)s") % {"campaign": job.campaign.name},
        url_for=lambda job: reverse("paper:print_job", args=[job.pk]),
    )
