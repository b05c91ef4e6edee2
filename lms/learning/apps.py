from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """The learning engine: course, lesson and final-test pages, progress, attempts, learner views.

    Course apps (``courses.*``) provide content for these page types; this app knows nothing of them.
    """

    name = "lms.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self):
        from lms.training.courses import course_models_register

        from . import content_cache
        from .models import CoursePage

        course_models_register(CoursePage)
        # Keeps the outlines, lesson bodies and routes shared by all learners in step with the pages.
        content_cache.connect()
