"""The report's selectors: who counts, each person's status, the numbers per unit, and the stored
completion date they count agreeing with the completion records after every kind of change."""

import datetime

import pytest
from django.db.models import Exists, OuterRef, Q

from lms.learning.models import FinalTestAttempt, LessonProgress
from lms.learning.services import assignments_started_mark
from lms.organisation.services import employee_update
from lms.reports.selectors import (
    OPEN,
    PeopleFilter,
    Status,
    completion_table,
    lagging_units,
    people_list,
    people_to_chase,
    report_roots,
    report_units,
    running_campaigns_progress,
)
from lms.training.models import Assignment, Campaign, CompletionCount, CompletionRecord, TrainingMethod
from lms.training.services import campaign_launch, completion_correct, completion_record
from tests.factories import EmployeeFactory, category

pytestmark = pytest.mark.django_db

# The fixture: plant A has a1 (regular, completed) and a2 (part-timer, in its department, open);
# plant B has b1 (regular, completed) and b2 (part-timer, open). Due 2027-03-31.
BEFORE_DUE = datetime.date(2027, 1, 10)
AFTER_DUE = datetime.date(2027, 4, 10)


def _table(roots, launched, units, on=BEFORE_DUE):
    return completion_table(roots=roots, course_id=launched.course_id, fiscal_year=2026, units=units, on=on)


def test_group_wide_numbers_per_unit_category_and_method(auditor, launched, units):
    table = _table(report_roots(user=auditor), launched, [units["acme"], units["plant_a"], units["plant_b"]])
    acme, plant_a, plant_b = table.rows
    regular, part_timer = category("regular").pk, category("part_timer").pk
    assert (acme.tally(fiscal_year=2026).completed, acme.tally(fiscal_year=2026).assigned) == (2, 4)
    assert plant_a.tally(fiscal_year=2026, category_id=regular).completed == 1
    assert plant_a.tally(fiscal_year=2026, category_id=part_timer).completed == 0
    assert plant_a.tally(fiscal_year=2026, category_id=part_timer).assigned == 1
    assert plant_b.tally(fiscal_year=2026).rate == 0.5
    method = Assignment.objects.filter(campaign=launched).first().method
    assert table.total.tally(fiscal_year=2026, method=method).assigned == 4
    assert table.methods() == [method]
    assert table.total.tally(fiscal_year=2026).overdue == 0
    after = _table(None, launched, [units["plant_a"]], on=AFTER_DUE)
    assert after.rows[0].tally(fiscal_year=2026).overdue == 1


def test_a_manager_counts_nothing_outside_their_plant(manager_a, launched, units):
    roots = report_roots(user=manager_a)
    assert roots == [units["plant_a"]]
    table = _table(roots, launched, [units["plant_a"], units["plant_b"]])
    assert table.rows[1].tally(fiscal_year=2026).assigned == 0
    assert table.total.tally(fiscal_year=2026).assigned == 2
    assert [u.name for u in report_units(roots=roots)] == ["Plant A", "Assembly"]


def _employee_change(employee, capture, **values):
    """Through the service, as the admin and the roster do; the counts follow on commit."""
    with capture(execute=True):
        employee_update(employee=employee, actor=None, **values)


def test_people_who_left_before_the_due_date_without_completing_do_not_count(
    auditor, launched, people, units, django_capture_on_commit_callbacks
):
    _employee_change(people["b2"], django_capture_on_commit_callbacks, leaving_date=datetime.date(2026, 12, 1))
    table = _table(None, launched, [units["plant_b"]])
    assert table.rows[0].tally(fiscal_year=2026).assigned == 1
    # A leaver who completed before leaving still counts (as completed).
    _employee_change(people["b1"], django_capture_on_commit_callbacks, leaving_date=datetime.date(2026, 12, 1))
    table = _table(None, launched, [units["plant_b"]])
    assert (table.rows[0].tally(fiscal_year=2026).completed, table.rows[0].tally(fiscal_year=2026).assigned) == (1, 1)


def test_each_status_and_the_lists_behind_them(launched, people, units):
    a2 = Assignment.objects.get(campaign=launched, employee=people["a2"])
    # What the learning engine does when a lesson is finished or a final test started.
    assert assignments_started_mark(employee=people["a2"], course_key=launched.course.translation_key) == 1
    assert assignments_started_mark(employee=people["a2"], course_key=launched.course.translation_key) == 0

    def names(status, on=BEFORE_DUE):
        filters = PeopleFilter(course_id=launched.course_id, fiscal_year=2026, status=status)
        return [a.employee.full_name for a in people_list(roots=None, people=filters, on=on)]

    assert names(Status.IN_PROGRESS) == ["Abe Assembly"]
    assert names(Status.NOT_STARTED) == ["Bando Plant-B"]
    assert names(Status.DONE) == ["Aoki Plant-A", "Baba Plant-B"]
    assert names(Status.OVERDUE) == []
    assert names(OPEN) == ["Abe Assembly", "Bando Plant-B"]
    assert names(Status.OVERDUE, on=AFTER_DUE) == ["Abe Assembly", "Bando Plant-B"]
    (progress,) = running_campaigns_progress(roots=None, on=BEFORE_DUE)
    assert (progress.in_progress, progress.not_started, progress.overdue) == (1, 1, 0)
    assert [a.pk for a in people_to_chase(roots=[units["plant_a"]], status=Status.IN_PROGRESS, on=BEFORE_DUE)] == [
        a2.pk
    ]
    assert people_to_chase(roots=[units["plant_a"]], status=Status.NOT_STARTED, on=BEFORE_DUE) == []
    # The group's sites furthest behind: plant B (1 of 2) and plant A (1 of 2), the same rate.
    assert [item.unit.name for item in lagging_units(on=BEFORE_DUE)] == ["Plant A", "Plant B"]
    assert lagging_units(on=AFTER_DUE)[0].tally.overdue == 1


def test_a_list_for_a_unit_holds_only_its_people_and_never_more_than_the_scope(launched, units):
    filters = PeopleFilter(course_id=launched.course_id, fiscal_year=2026, unit=units["acme"])
    listed = people_list(roots=[units["plant_a"]], people=filters, on=BEFORE_DUE)
    assert sorted(a.employee.full_name for a in listed) == ["Abe Assembly", "Aoki Plant-A"]


def test_trends_count_each_fiscal_year_of_the_same_course(launched, people, trainer, units):
    earlier = Campaign.objects.create(
        name="Awareness 2025", course=launched.course, fiscal_year=2025, due_date=datetime.date(2026, 3, 31)
    )
    campaign_launch(campaign=earlier, actor=trainer, on=datetime.date(2025, 6, 1))
    for assignment in Assignment.objects.filter(campaign=earlier):
        completion_record(
            assignment=assignment,
            method=TrainingMethod.ELEARNING,
            completed_on=datetime.date(2025, 7, 1),
            recorded_by=trainer,
            evidence_kind="quiz_attempt",
        )
    table = _table(None, launched, [units["acme"]])
    assert table.fiscal_years == [2024, 2025, 2026]
    row = table.rows[0]
    assert [row.tally(fiscal_year=y).rate for y in table.fiscal_years] == [None, 1.0, 0.5]


def _direct_counts(campaign, unit) -> tuple[int, int, int]:
    """Completed, assigned and started counted from the records themselves: the completion records,
    the employees' leaving dates, lesson progress and final test attempts, not the stored columns."""
    current = CompletionRecord.objects.current().filter(assignment=OuterRef("pk"))
    started = Exists(
        LessonProgress.objects.filter(employee=OuterRef("employee_id"), course_key=campaign.course.translation_key)
    ) | Exists(FinalTestAttempt.objects.filter(assignment=OuterRef("pk")))
    owed = Q(employee__leaving_date__isnull=True) | Q(employee__leaving_date__gte=campaign.due_date)
    assignments = Assignment.objects.filter(campaign=campaign, employee__unit__path__startswith=unit.path)
    assignments = assignments.annotate(done=Exists(current)).filter(Q(done=True) | owed)
    return (
        assignments.filter(done=True).count(),
        assignments.count(),
        assignments.filter(done=False).filter(started).count(),
    )


def _reported(campaign, unit) -> tuple[int, int, int]:
    table = completion_table(roots=None, course_id=campaign.course_id, fiscal_year=campaign.fiscal_year, units=[unit])
    tally = table.rows[0].tally(fiscal_year=campaign.fiscal_year)
    counts = CompletionCount.objects.filter(campaign=campaign, unit__path__startswith=unit.path, with_sub_units=False)
    return tally.completed, tally.assigned, sum(count.started for count in counts)


def _agree(campaign, units, expected) -> None:
    for unit in units.values():
        assert _reported(campaign, unit) == _direct_counts(campaign, unit), unit
    assert _reported(campaign, units["group"]) == expected


def test_the_counts_agree_with_a_direct_count_after_every_change(
    launched, people, trainer, units, django_capture_on_commit_callbacks
):
    _agree(launched, units, (2, 4, 0))
    # A learner starts: a lesson finished.
    lesson_key = launched.course.translation_key
    LessonProgress.objects.create(employee=people["b2"], course_key=lesson_key, lesson_key=lesson_key)
    assignments_started_mark(employee=people["b2"], course_key=lesson_key)
    _agree(launched, units, (2, 4, 1))
    # A new completion.
    a2 = Assignment.objects.get(campaign=launched, employee=people["a2"])
    record = completion_record(
        assignment=a2,
        method=TrainingMethod.PRINTED_EXCERPT,
        completed_on=datetime.date(2026, 9, 1),
        recorded_by=trainer,
        evidence_kind="slip",
    )
    _agree(launched, units, (3, 4, 1))
    # A correction of its date, then a withdrawal, then completing again.
    redated = completion_correct(
        record=record, actor=trainer, reason="wrong date", completed_on=datetime.date(2026, 9, 2)
    )
    a2.refresh_from_db()
    assert a2.completed_on == datetime.date(2026, 9, 2)
    completion_correct(record=redated, actor=trainer, reason="not signed", void=True)
    _agree(launched, units, (2, 4, 1))
    completion_record(
        assignment=a2,
        method=TrainingMethod.PRINTED_EXCERPT,
        completed_on=datetime.date(2026, 10, 1),
        recorded_by=trainer,
        evidence_kind="slip",
    )
    _agree(launched, units, (3, 4, 1))
    # Changes in the admin: someone moves to another plant (the numbers follow the person), another
    # changes category, a third leaves before the due date without completing (no longer owed).
    _employee_change(people["a1"], django_capture_on_commit_callbacks, unit=units["plant_b"])
    _employee_change(people["b1"], django_capture_on_commit_callbacks, category=category("part_timer"))
    _employee_change(people["b2"], django_capture_on_commit_callbacks, leaving_date=datetime.date(2027, 1, 31))
    _agree(launched, units, (3, 3, 0))
    table = completion_table(
        roots=None, course_id=launched.course_id, fiscal_year=2026, units=[units["plant_a"], units["plant_b"]]
    )
    assert [row.tally(fiscal_year=2026).assigned for row in table.rows] == [1, 2]
    # A roster import moving someone back: the same through the roster's bulk writes.
    _roster_move(people["a1"], units["plant_a"], trainer)
    _agree(launched, units, (3, 3, 0))
    assert _reported(launched, units["plant_a"])[1] == 2
    # A new fiscal year: a new campaign starts from nothing while last year's numbers stay.
    EmployeeFactory(unit=units["plant_a"], full_name="New Hire")
    following = Campaign.objects.create(
        name="Awareness 2027", course=launched.course, fiscal_year=2027, due_date=datetime.date(2028, 3, 31)
    )
    campaign_launch(campaign=following, actor=trainer, on=datetime.date(2027, 4, 2))
    _agree(following, units, (0, 4, 0))
    _agree(launched, units, (3, 3, 0))
    assert CompletionCount.objects.filter(campaign=following).exists()


def _roster_move(employee, unit, actor) -> None:
    """A roster file listing ``employee`` in ``unit``, everything else as stored, imported."""
    from lms.roster.services import roster_apply, roster_plan
    from tests.roster.rosters import person, roster_csv

    employee.refresh_from_db()
    row = person(
        employee.number,
        full_name=employee.full_name,
        unit_code=unit.code,
        category=employee.category.code,
        leaving_date=employee.leaving_date.isoformat() if employee.leaving_date else "",
    )
    plan = roster_plan(data=roster_csv([row]), file_name="move.csv", actor=None)
    assert plan.problems == []
    assert [set(update.changes) for update in plan.updates] == [{"unit"}]
    roster_apply(plan=plan, actor=None)
