"""A learner's progress through a course, stored per employee against page translation keys."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.organisation.models import Employee
from lms.training.models import Assignment


class LessonProgress(models.Model):
    """A lesson the employee finished (in any language)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="lesson_progress")
    course_key = models.UUIDField(_("course"), db_index=True)
    lesson_key = models.UUIDField(_("lesson"))
    completed_at = models.DateTimeField(_("finished at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["employee", "lesson_key"], name="one_progress_per_lesson")]

    def __str__(self) -> str:
        return f"{self.employee_id} · {self.lesson_key}"


class FinalTestAttempt(models.Model):
    """One sitting of the final test. The questions served are frozen in ``plan``;
    answers are checked on the server against the source page, and an attempt
    is accepted once."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="final_test_attempts")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, null=True, blank=True, related_name="final_test_attempts"
    )
    course_key = models.UUIDField(_("course"), db_index=True)
    language = models.CharField(_("language"), max_length=8)
    plan = models.JSONField(
        _("questions served"), default=list, help_text=_('[{"id": block id, "options": [option positions]}]')
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    correct_count = models.PositiveSmallIntegerField(default=0)
    question_count = models.PositiveSmallIntegerField(default=0)
    score_percent = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("final test attempt")
        verbose_name_plural = _("final test attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "course_key"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_attempt_per_course",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} · {self.started_at:%Y-%m-%d %H:%M} · {self.score_percent}%"


class QuestionResponse(models.Model):
    """One answer to one question, kept so reports can show which rules are misunderstood."""

    class Context(models.TextChoices):
        KNOWLEDGE_CHECK = "knowledge_check", _("Knowledge check")
        FINAL_TEST = "final_test", _("Final test")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="question_responses")
    context = models.CharField(max_length=20, choices=Context.choices)
    attempt = models.ForeignKey(
        FinalTestAttempt, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    page_key = models.UUIDField(_("page"), help_text=_("Translation key of the lesson or final test page."))
    question_id = models.CharField(_("question"), max_length=64)
    rule_number = models.PositiveSmallIntegerField(_("rule"))
    selected = models.JSONField(_("selected options"), default=list)
    is_correct = models.BooleanField(_("correct"))
    language = models.CharField(_("language"), max_length=8)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_at"]
        indexes = [models.Index(fields=["rule_number", "is_correct"])]

    def __str__(self) -> str:
        return f"{self.employee_id} · {self.question_id} · {'✓' if self.is_correct else '✗'}"
