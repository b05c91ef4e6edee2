from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NineRulesConfig(AppConfig):
    name = "courses.nine_rules"
    label = "nine_rules"
    verbose_name = _("Nine rules course")

    def ready(self):
        # Keeps the cached lesson pages in step with pages, training data and progress.
        from . import caching

        caching.connect()
