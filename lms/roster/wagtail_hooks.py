from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.accounts.menus import RoleMenuItem
from lms.accounts.models import Role


@hooks.register("register_admin_menu_item")
def register_roster_import_menu_item():
    return RoleMenuItem(
        _("Import roster"),
        reverse_lazy("roster:upload"),
        name="roster-import",
        icon_name="upload",
        order=700,
        roles=(Role.HR, Role.ADMIN),
    )
