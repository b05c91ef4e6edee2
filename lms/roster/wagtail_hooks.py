from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.accounts.models import Role
from lms.accounts.selectors import user_has_role


class RosterImportMenuItem(MenuItem):
    """Shown to HR and administrators, the people the roster views let in."""

    def is_shown(self, request):
        return user_has_role(request.user, Role.HR, Role.ADMIN)


@hooks.register("register_admin_menu_item")
def register_roster_import_menu_item():
    return RosterImportMenuItem(
        _("Import roster"), reverse_lazy("roster:upload"), name="roster-import", icon_name="upload", order=700
    )
