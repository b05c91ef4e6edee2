from django.shortcuts import redirect
from django.urls import reverse
from wagtail.models import Page

from .landing import landing_url


class HomePage(Page):
    """The root of each language's tree. It has no content of its own:
    learners go to My training, staff without an employee record to the
    administration, visitors to the login page."""

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    def serve(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(landing_url(request.user))
        return redirect(reverse("accounts:login"))
