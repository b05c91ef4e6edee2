"""The course as Wagtail pages: a course page with lessons and a final test below it.

Each language is a translation (wagtail-localize) of the Japanese source tree.
Pages share a ``translation_key`` across languages; progress and answers are
stored against that key, so a learner who switches language keeps them.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..blocks import LessonBodyBlock, QuestionStreamBlock


class CoursePage(Page):
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
    revision_label = models.CharField(
        _("course revision"),
        max_length=40,
        blank=True,
        help_text=_("Printed on excerpts and slips, e.g. 2026.1. Set by load_nine_rules."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["nine_rules.LessonPage", "nine_rules.FinalTestPage"]

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


class LessonPage(Page):
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

    parent_page_types = ["nine_rules.CoursePage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("rule_number"), FieldPanel("summary"), FieldPanel("estimated_minutes")],
            heading=_("Lesson"),
        ),
        FieldPanel("body"),
        FieldPanel("questions"),
    ]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")


class FinalTestPage(Page):
    intro = RichTextField(_("introduction"), features=["bold", "italic", "ul"], blank=True)
    questions = StreamField(
        QuestionStreamBlock(),
        verbose_name=_("question pool"),
        blank=True,
        help_text=_("Each attempt draws the course's number of questions, spread across the rules."),
    )

    parent_page_types = ["nine_rules.CoursePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("questions")]

    class Meta:
        verbose_name = _("final test")
        verbose_name_plural = _("final tests")
