"""The Sessions admin menu and URLs, and the learner's notice of the sessions they are invited to."""

from django.urls import include, path
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from .views import documents, read_aloud, recordings, sessions, slides

ADMIN_MODULES = (sessions, documents, read_aloud, recordings, slides)


@hooks.register("register_admin_urls")
def register_session_admin_urls():
    patterns = [pattern for module in ADMIN_MODULES for pattern in module.admin_urlpatterns]
    return [path("mamori/sessions/", include((patterns, "sessions_admin")))]


@hooks.register("register_admin_menu_item")
def register_sessions_menu():
    items = [item for module in ADMIN_MODULES for item in module.menu_items()]
    return SubmenuMenuItem(gettext_lazy("Sessions"), Menu(items=items), name="sessions", icon_name="group", order=730)
