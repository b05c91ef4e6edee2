"""Serving Wagtail pages, with the routes to course and lesson pages kept in the shared cache.

Wagtail finds a page by walking the tree from the site's root in the request's language: the
site, the locale, then two queries for every level (the child, then its specific page), seven
queries for a lesson before its view runs. ``serve`` asks the content cache where Wagtail's
routing took the same URL (host, language, path) before and reads that page, live and at the
same place, in one query; Wagtail's ``serve`` then runs as usual (its hooks, the view
restriction check, the page's ``serve``). Any other URL, and any route not in the cache, goes
through Wagtail's routing; a course or lesson page found that way is remembered.

This module is also the URLconf of Wagtail's front-end URLs (``mamori/urls.py`` includes it):
Wagtail's own patterns, its page view replaced by ``serve``.
"""

from django.urls import re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.url_routing import RouteResult

from . import content_cache
from .models import CoursePage, LessonPage

# Pages whose whole URL is the route (no sub-routes), read by every learner.
_CACHED_ROUTES = (CoursePage, LessonPage)


def serve(request, path):
    """Anyone: a Wagtail page (each page's ``serve`` says who may read it)."""
    with content_cache.generation_read_once():
        page = content_cache.route_page(request, path)
        if page is not None:
            # Wagtail keeps the route of the request here and does not look for it again.
            request._wagtail_route_for_request = RouteResult(page)
        response = wagtail_views.serve(request, path)
        if page is None:
            found = getattr(request, "_wagtail_route_for_request", None)
            if found is not None and isinstance(found.page, _CACHED_ROUTES) and not found.args and not found.kwargs:
                content_cache.route_store(request, path, found.page)
    return response


# Wagtail's front-end URLs (``wagtail.urls``), its page view replaced by ``serve``.
urlpatterns = [
    *(pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
