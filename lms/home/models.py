from django.shortcuts import redirect
from django.urls import reverse
from wagtail.models import Page


class HomePage(Page):
    """The root of each language's tree. It has no content of its own:
    learners go to My training, visitors to the login page."""

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    def serve(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(reverse("training:my_training"))
        return redirect(reverse("accounts:login"))
