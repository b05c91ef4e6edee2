import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr


def fill(apps, schema_editor):
    """Existing data: each assignment's current completion date, the day it was started (a final
    test sat on it, or a lesson of its course finished after its campaign's launch while it was
    open), then the counts, as lms.training.counting computes them."""
    Assignment = apps.get_model("training", "Assignment")
    CompletionRecord = apps.get_model("training", "CompletionRecord")
    CompletionCount = apps.get_model("training", "CompletionCount")
    FinalTestAttempt = apps.get_model("learning", "FinalTestAttempt")
    LessonProgress = apps.get_model("learning", "LessonProgress")
    current = CompletionRecord.objects.filter(corrected_by__isnull=True, is_void=False)
    for assignment_id, completed_on in current.values_list("assignment_id", "completed_on").iterator():
        Assignment.objects.filter(pk=assignment_id).update(completed_on=completed_on)
    for assignment_id, started_at in FinalTestAttempt.objects.filter(assignment__isnull=False).values_list(
        "assignment_id", "started_at"
    ):
        Assignment.objects.filter(pk=assignment_id, started_on__isnull=True).update(started_on=started_at.date())
    for assignment in Assignment.objects.filter(started_on__isnull=True, completed_on__isnull=True).select_related(
        "campaign__course"
    ):
        if assignment.campaign.launched_at is None:
            continue
        first = (
            LessonProgress.objects.filter(
                employee_id=assignment.employee_id,
                course_key=assignment.campaign.course.translation_key,
                completed_at__gte=assignment.campaign.launched_at,
            )
            .order_by("completed_at")
            .first()
        )
        if first is not None:
            Assignment.objects.filter(pk=assignment.pk).update(started_on=first.completed_at.date())
    counted = Assignment.objects.exclude(campaign__status="draft").filter(
        Q(completed_on__isnull=False)
        | Q(employee__leaving_date__isnull=True)
        | Q(employee__leaving_date__gte=F("campaign__due_date"))
    )
    groups = (
        counted.values("campaign_id", "method", unit_id=F("employee__unit_id"), category_id=F("employee__category_id"))
        .annotate(
            assigned=Count("pk"),
            completed=Count("completed_on"),
            started=Count("pk", filter=Q(completed_on__isnull=True, started_on__isnull=False)),
        )
        .order_by()
    )
    CompletionCount.objects.bulk_create([CompletionCount(**group) for group in groups], batch_size=5000)
    # The companies' and sites' rows with their sub-units (lms.training.counting.ROLLUP_DEPTHS).
    OrgUnit = apps.get_model("organisation", "OrgUnit")
    for depth in (2, 3):
        unit_by_path = dict(OrgUnit.objects.filter(depth=depth).values_list("path", "pk"))
        sums = (
            CompletionCount.objects.filter(with_sub_units=False)
            .values("campaign_id", "category_id", "method", prefix=Substr("unit__path", 1, depth * 4))
            .annotate(assigned=Sum("assigned"), completed=Sum("completed"), started=Sum("started"))
            .order_by()
        )
        rows = []
        for total in sums:
            unit_id = unit_by_path.get(total.pop("prefix"))
            if unit_id is not None:
                rows.append(CompletionCount(unit_id=unit_id, with_sub_units=True, **total))
        CompletionCount.objects.bulk_create(rows, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0003_employee_email"),
        ("training", "0002_seed_delivery_rules"),
        ("learning", "0002_lessonpage_trainer_notes"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="completed_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="completed on"),
        ),
        migrations.AddField(
            model_name="assignment",
            name="started_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="started on"),
        ),
        migrations.CreateModel(
            name="CompletionCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("elearning", "e-learning"),
                            ("printed_excerpt", "Printed excerpt"),
                            ("classroom", "Classroom lecture"),
                            ("read_aloud", "Read-aloud session"),
                            ("hr_handout", "Hand-out by site HR"),
                        ],
                        max_length=20,
                    ),
                ),
                ("assigned", models.PositiveIntegerField(default=0)),
                ("completed", models.PositiveIntegerField(default=0)),
                ("started", models.PositiveIntegerField(default=0)),
                ("with_sub_units", models.BooleanField(default=False)),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="training.campaign"
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisation.employeecategory",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisation.orgunit"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("campaign", "unit", "with_sub_units", "category", "method"), name="one_count_per_cell"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
