from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lms.organisation.models import Employee, EmployeeCategory, JoinedVia, OrgUnit


class TrainingMethod(models.TextChoices):
    ELEARNING = "elearning", _("e-learning")
    PRINTED_EXCERPT = "printed_excerpt", _("Printed excerpt")
    CLASSROOM = "classroom", _("Classroom lecture")
    READ_ALOUD = "read_aloud", _("Read-aloud session")
    HR_HANDOUT = "hr_handout", _("Hand-out by site HR")


class Condition(models.TextChoices):
    """A yes/no condition of a delivery rule; empty means "either"."""

    ANY = "", _("Either")
    YES = "yes", _("Yes")
    NO = "no", _("No")


def _condition_holds(condition: str, value: bool) -> bool:
    return condition == Condition.ANY or (condition == Condition.YES) == value


class DeliveryRule(models.Model):
    """One line of the ordered rule list that decides how an employee is trained.

    Rules are tried by ascending position; the first whose every condition
    holds decides the method. Empty conditions match everyone.
    """

    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    method = models.CharField(_("training method"), max_length=20, choices=TrainingMethod.choices)
    categories = models.ManyToManyField(
        EmployeeCategory,
        blank=True,
        related_name="delivery_rules",
        verbose_name=_("categories"),
        help_text=_("Leave empty to match every category."),
    )
    key_person = models.CharField(_("is a key person"), max_length=3, choices=Condition.choices, blank=True)
    has_pc = models.CharField(_("has a PC"), max_length=3, choices=Condition.choices, blank=True)
    reads_japanese = models.CharField(_("reads Japanese"), max_length=3, choices=Condition.choices, blank=True)
    joined_via = models.JSONField(
        _("joined via"),
        default=list,
        blank=True,
        help_text=_("Leave empty to match every way of joining."),
    )
    hired_in_fiscal_year = models.CharField(
        _("hired during the campaign's fiscal year"), max_length=3, choices=Condition.choices, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("delivery rule")
        verbose_name_plural = _("delivery rules")

    def __str__(self) -> str:
        return self.name

    def matches(self, employee: Employee, *, hired_in_fiscal_year: bool) -> bool:
        """Whether the rule applies. Call with ``categories`` prefetched."""
        category_ids = {c.pk for c in self.categories.all()}
        if category_ids and employee.category_id not in category_ids:
            return False
        if self.joined_via and employee.joined_via not in self.joined_via:
            return False
        return (
            _condition_holds(self.key_person, employee.is_key_person)
            and _condition_holds(self.has_pc, employee.has_pc)
            and _condition_holds(self.reads_japanese, employee.reads_japanese)
            and _condition_holds(self.hired_in_fiscal_year, hired_in_fiscal_year)
        )

    def joined_via_labels(self) -> list[str]:
        labels = dict(JoinedVia.choices)
        return [str(labels.get(code, code)) for code in self.joined_via]


class Campaign(models.Model):
    """One course for one fiscal year, with a due date."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LAUNCHED = "launched", _("Launched")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    course = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("course"),
        help_text=_("The course in its source language; learners get their language's translation."),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    due_date = models.DateField(_("due date"))
    units = models.ManyToManyField(
        OrgUnit,
        blank=True,
        related_name="campaigns",
        verbose_name=_("units in scope"),
        help_text=_("Leave empty for the whole organisation."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year})"


class AssignmentQuerySet(models.QuerySet):
    def with_completion(self) -> "AssignmentQuerySet":
        current = CompletionRecord.objects.current().filter(assignment=OuterRef("pk"))
        return self.annotate(is_completed=Exists(current))

    def completed(self) -> "AssignmentQuerySet":
        return self.filter(Exists(CompletionRecord.objects.current().filter(assignment=OuterRef("pk"))))

    def open(self) -> "AssignmentQuerySet":
        return self.exclude(Exists(CompletionRecord.objects.current().filter(assignment=OuterRef("pk"))))


class Assignment(models.Model):
    """An employee's obligation to complete a campaign by the method their rule gave."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="assignments")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="assignments")
    method = models.CharField(_("training method"), max_length=20, choices=TrainingMethod.choices)
    rule = models.ForeignKey(DeliveryRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    rule_name = models.CharField(_("decided by rule"), max_length=200, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    # The date of the current completion record, None while open. Kept by ``completion_record`` and
    # ``completion_correct`` in the same transaction as the record, so reports over hundreds of
    # thousands of assignments count a column instead of searching the records of each one.
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    # The day the person first did something towards it (a lesson finished, a final test started)
    # while it was open; set by the learning engine. Reports tell "in progress" from "not started" by it.
    started_on = models.DateField(_("started on"), null=True, blank=True, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "employee"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "employee"], name="one_assignment_per_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.campaign}"


class EvidenceKind(models.TextChoices):
    QUIZ_ATTEMPT = "quiz_attempt", _("Final test passed")
    ATTENDANCE = "attendance", _("Attendance at a session")
    SLIP = "slip", _("Signed acknowledgement slip")
    PLEDGE = "pledge", _("Signed pledge")
    CORRECTION = "correction", _("Correction")


class CompletionRecordQuerySet(models.QuerySet):
    def current(self) -> "CompletionRecordQuerySet":
        """Records not superseded by a correction and not voided."""
        return self.filter(corrected_by__isnull=True, is_void=False)

    def delete(self):
        raise models.ProtectedError(_("Completion records are evidence and cannot be deleted."), set(self))


class CompletionRecord(models.Model):
    """Evidence that an assignment was completed. Immutable: corrections are new rows.

    ``completion_record`` in ``services`` is the only writer. A correction
    points at the record it replaces (``corrects``); a void correction
    withdraws the completion.
    """

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="completions")
    method = models.CharField(_("training method"), max_length=20, choices=TrainingMethod.choices)
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    evidence_kind = models.CharField(_("evidence"), max_length=20, choices=EvidenceKind.choices)
    evidence_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    evidence_id = models.PositiveBigIntegerField(null=True, blank=True)
    evidence = GenericForeignKey("evidence_type", "evidence_id")
    evidence_note = models.CharField(_("evidence note"), max_length=500, blank=True)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    is_void = models.BooleanField(_("withdrawn"), default=False)

    objects = CompletionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("completion record")
        verbose_name_plural = _("completion records")
        constraints = [
            # Two originals for one assignment would be a double completion.
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(corrects__isnull=True), name="one_original_completion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.get_method_display()} · {self.completed_on}"

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("Completion records are evidence and cannot be deleted."), {self})


class CompletionCount(models.Model):
    """Pre-aggregated counts: the counted assignments of one campaign held by the people of one unit
    in one category, by one method. Two kinds of row: the unit's own people (``with_sub_units``
    False, for every unit), and the unit with everything below it (True, for the companies and the
    sites: ``lms.training.counting.ROLLUP_DEPTHS``). Reports read a site's or a company's
    numbers from one row, and add a department's up from a few own-people rows, so a group of
    100,000 people is summed from a few thousand rows.

    Counted, as in every report: every assignment of a campaign that is not a draft, except those of
    people who left before the campaign's due date without completing it. ``completed`` have a
    current completion, ``started`` are open with ``Assignment.started_on`` set.

    Exact, never approximate: ``lms.training.counting.completion_counts_rebuild`` recomputes the rows
    of the units or campaigns a write touched, called by that write (completions, corrections,
    launches, the learning engine, roster imports) in its own transaction, or on the commit of an
    employee's change (``employees_changed``). tests/reports/test_selectors.py compares the rows with
    a count of the assignments themselves after each kind of change.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    with_sub_units = models.BooleanField(default=False)
    category = models.ForeignKey(EmployeeCategory, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=20, choices=TrainingMethod.choices)
    assigned = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    started = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "with_sub_units", "category", "method"], name="one_count_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.unit_id} · {self.category_id} · {self.method}: {self.completed}/{self.assigned}"
