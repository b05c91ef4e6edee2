from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.accounts.menus import RoleMenuItem

from .selectors import PAPER_STAFF


@hooks.register("register_admin_urls")
def register_paper_urls():
    return [path("mamori/paper/", include("lms.paper.urls"))]


@hooks.register("register_admin_menu_item")
def register_slip_menu_item():
    return RoleMenuItem(
        _("Returned slips"),
        reverse_lazy("paper:slip_scan"),
        name="paper-slips",
        icon_name="tick",
        order=710,
        roles=PAPER_STAFF,
    )


@hooks.register("register_admin_menu_item")
def register_print_menu_item():
    return RoleMenuItem(
        _("Print excerpts"),
        reverse_lazy("paper:print_job_new"),
        name="paper-print",
        icon_name="doc-full",
        order=720,
        roles=PAPER_STAFF,
    )
