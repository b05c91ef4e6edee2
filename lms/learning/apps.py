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

        from . import caching
        from .models import CoursePage

        course_models_register(CoursePage)
        # Keeps the cached lesson pages in step with pages, training data and progress.
        caching.connect()
