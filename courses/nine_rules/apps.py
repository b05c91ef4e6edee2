from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NineRulesConfig(AppConfig):
    """The nine-rules course: its content files, translations, loader and printed-excerpt content."""

    name = "courses.nine_rules"
    label = "nine_rules"
    verbose_name = _("Nine rules course")

    def ready(self):
        from lms.paper.excerpts import excerpt_provider_register

        from .content import COURSE_CODE
        from .excerpt import nine_rules_excerpt

        excerpt_provider_register(COURSE_CODE, nine_rules_excerpt)
