"""The course as Wagtail pages: a course page with lessons and a final test below it.

Each language is a translation (wagtail-localize) of the Japanese source tree.
Pages share a ``translation_key`` across languages; progress and answers are
stored against that key, so a learner who switches language keeps them.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail_localize.fields import SynchronizedField

from ..blocks import LessonBodyBlock, QuestionStreamBlock


class LearnerPageMixin:
    """Pages only employees read: anonymous visitors go to the login page, other users get 403.

    The page hands the request to a thin view in ``lms.learning.views``.
    """

    def learner_check(self, request):
        if getattr(request, "is_preview", False):
            # Editors previewing in the admin (Wagtail checked their page permissions) read the
            # page as a learner with no progress would.
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request.user, "employee", None) is None:
            raise PermissionDenied
        return None

    def get_view_restrictions(self):
        """Wagtail's restrictions of this page and its ancestors, read from the database every time;
        which pages those are (the tree, aliases) comes from the shared content cache."""
        if self.pk is None:
            return super().get_view_restrictions()
        from ..content_cache import view_restriction_page_ids

        return PageViewRestriction.objects.filter(page_id__in=view_restriction_page_ids(self))

    def serve_preview(self, request, mode_name):
        """The admin preview shows the learner's page (Wagtail's default renders the bare template)."""
        request.is_preview = True
        request.preview_mode = mode_name
        return self.serve(request)


class CoursePage(LearnerPageMixin, Page):
    intro = RichTextField(_("introduction"), features=["bold", "italic", "ul", "ol"], blank=True)
    pass_mark_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    final_test_size = models.PositiveSmallIntegerField(
        _("questions in the final test"),
        default=15,
        validators=[MinValueValidator(1)],
        help_text=_("Drawn from the final test's question pool, across all rules."),
    )
    course_code = models.SlugField(
        _("course code"),
        max_length=40,
        blank=True,
        help_text=_(
            "Names the course app that provides this course's content and printed excerpt, e.g. nine-rules. "
            "Set by the course's loader; the same in every language."
        ),
    )
    revision_label = models.CharField(
        _("course revision"),
        max_length=40,
        blank=True,
        help_text=_("Printed on excerpts and slips, e.g. 2026.1. Set by load_nine_rules."),
    )

    # Not a text to translate: every translation keeps the source page's code.
    override_translatable_fields = [SynchronizedField("course_code")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["learning.LessonPage", "learning.FinalTestPage"]

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("pass_mark_percent"), FieldPanel("final_test_size"), FieldPanel("revision_label")],
            heading=_("Final test"),
        ),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def serve(self, request, *args, **kwargs):
        """Employees: the lessons with their progress."""
        from ..views import course_view

        return self.learner_check(request) or course_view(request, self)


class LessonPage(LearnerPageMixin, Page):
    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", _("Introduction")
        RULE = "rule", _("Rule")
        SUMMARY = "summary", _("Summary")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.RULE)
    rule_number = models.PositiveSmallIntegerField(
        _("rule number"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    summary = models.CharField(_("one-line summary"), max_length=300, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("minutes to read"), default=5)
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)
    questions = StreamField(
        QuestionStreamBlock(), verbose_name=_("knowledge check"), blank=True, help_text=_("2–4 questions.")
    )
    trainer_notes = models.TextField(
        _("trainer notes"),
        blank=True,
        help_text=_(
            "What the trainer says or asks when presenting this lesson in a classroom session. Printed as the "
            "speaker notes of the slides; learners never see it. A blank line starts a new paragraph."
        ),
    )

    parent_page_types = ["learning.CoursePage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("rule_number"), FieldPanel("summary"), FieldPanel("estimated_minutes")],
            heading=_("Lesson"),
        ),
        FieldPanel("body"),
        FieldPanel("questions"),
        FieldPanel("trainer_notes"),
    ]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def serve(self, request, *args, **kwargs):
        """Employees: read the lesson (GET), answer its knowledge check or mark it finished (POST)."""
        from ..views import lesson_view

        return self.learner_check(request) or lesson_view(request, self)


class FinalTestPage(LearnerPageMixin, RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), features=["bold", "italic", "ul"], blank=True)
    questions = StreamField(
        QuestionStreamBlock(),
        verbose_name=_("question pool"),
        blank=True,
        help_text=_("Each attempt draws the course's number of questions, spread across the rules."),
    )

    parent_page_types = ["learning.CoursePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("questions")]

    class Meta:
        verbose_name = _("final test")
        verbose_name_plural = _("final tests")

    def serve(self, request, view=None, args=None, kwargs=None):
        denied = self.learner_check(request)
        if denied is not None:
            return denied
        if view is None:
            # A preview has no sub-route: show the introduction.
            return self.index_route(request)
        return super().serve(request, view, args, kwargs)

    @path("")
    def index_route(self, request):
        """Employees: the test's introduction, the start button (or why it is locked), past attempts."""
        from ..views import final_test_index_view

        return final_test_index_view(request, self)

    @path("start/", name="start")
    def start_route(self, request):
        """Employees (POST): open an attempt."""
        from ..views import final_test_start_view

        return final_test_start_view(request, self)

    @path("attempt/<int:attempt_id>/", name="attempt")
    def attempt_route(self, request, attempt_id):
        """Employees, their own attempts only: the form (GET), the submission (POST), then the result."""
        from ..views import final_test_attempt_view

        return final_test_attempt_view(request, self, attempt_id)
