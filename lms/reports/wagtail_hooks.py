"""Reports menu: completion rates for every role (scoped by the selector)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.accounts.selectors import user_has_role

from .views import EVERY_ROLE, CompletionRatesView


class RoleMenuItem(MenuItem):
    """A menu item shown to the given roles only."""

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = roles

    def is_shown(self, request):
        return user_has_role(request.user, *self.roles)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("mamori/reports/completion-rates/", CompletionRatesView.as_view(), name="mamori_completion_rates"),
        path(
            "mamori/reports/completion-rates/results/",
            CompletionRatesView.as_view(results_only=True),
            name="mamori_completion_rates_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_completion_rates_menu_item():
    return RoleMenuItem(
        _("Completion rates"),
        reverse("mamori_completion_rates"),
        name="mamori-completion-rates",
        icon_name="tick-inverse",
        order=50,
        roles=EVERY_ROLE,
    )
