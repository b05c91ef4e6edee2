from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.accounts.menus import RoleMenuItem
from lms.paper.selectors import PAPER_STAFF

from .urls import admin_urlpatterns


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [path("mamori/certificates/", include((admin_urlpatterns, "certificates_admin")))]


@hooks.register("register_admin_menu_item")
def register_certificate_menu_item():
    return RoleMenuItem(
        _("Certificates"),
        reverse_lazy("certificates_admin:list"),
        name="certificates",
        icon_name="pick",
        order=730,
        roles=PAPER_STAFF,
    )
