"""Admin menu items shown only to the roles that may open the screen behind them."""

from wagtail.admin.menu import MenuItem

from .selectors import user_has_role


class RoleMenuItem(MenuItem):
    """A menu item shown to users holding one of ``roles`` (the view checks the same roles)."""

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = tuple(roles)

    def is_shown(self, request):
        return user_has_role(request.user, *self.roles)
