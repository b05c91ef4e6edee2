"""Validating rows and applying a roster: updates, audit, absentees, leavers, new hires."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms.fiscal import fiscal_year_of
from lms.home.models import HomePage
from lms.learning.models import CoursePage
from lms.organisation.models import Employee
from lms.roster.models import RosterImport
from lms.roster.services import RosterRejected, roster_apply, roster_plan
from lms.training.models import Assignment, Campaign
from lms.training.services import campaign_launch
from tests.factories import EmployeeFactory, UserFactory
from tests.roster.rosters import HEADER, person, roster_csv


def plan_for(people, **kwargs):
    kwargs.setdefault("actor", None)
    return roster_plan(data=roster_csv(people), file_name="roster.csv", **kwargs)


def import_people(people, *, actor=None, **kwargs):
    plan = plan_for(people, actor=actor, **kwargs)
    assert plan.problems == []
    return roster_apply(plan=plan, actor=actor)


def problems_of(people, **kwargs):
    return [(p.row, p.column, p.message) for p in plan_for(people, **kwargs).problems]


@pytest.mark.parametrize(
    ("overrides", "column", "words"),
    [
        ({"unit_code": "NOPE"}, "unit_code", "Unknown unit"),
        ({"unit_code": "OVR"}, "unit_code", "does not belong to the company"),
        ({"company_code": "NOPE"}, "company_code", "Unknown company"),
        ({"hire_date": "2026-02-30"}, "hire_date", "is not a date"),
        ({"hire_date": "01/04/2026"}, "hire_date", "is not a date"),
        ({"leaving_date": "soon"}, "leaving_date", "is not a date"),
        ({"category": "boss"}, "category", "Unknown category"),
        ({"has_pc": "maybe"}, "has_pc", "is not yes or no"),
        ({"reads_japanese": ""}, "reads_japanese", "A value is required"),
        ({"preferred_language": "fr"}, "preferred_language", "not a supported language"),
        ({"joined_via": "magic"}, "joined_via", "not a way of joining"),
        ({"full_name": ""}, "full_name", "A value is required"),
        ({"employee_number": ""}, "employee_number", "A value is required"),
        ({"hire_date": "2020-04-01", "leaving_date": "2019-03-31"}, "leaving_date", "before the hire date"),
    ],
)
def test_each_bad_value_is_reported_by_row_and_column(units, overrides, column, words):
    problems = problems_of([person("1001"), person("1002", **overrides)])
    assert len(problems) == 1, problems
    row, reported_column, message = problems[0]
    assert (row, reported_column) == (3, column)
    assert words in message


def test_duplicate_number_in_the_file(units):
    problems = problems_of([person("1001"), person("1002"), person("1001", full_name="Someone else")])
    assert problems == [(4, "employee_number", "The employee number 1001 also appears in row 2.")]


def test_same_number_in_two_companies_is_two_people(units):
    plan = plan_for([person("1001"), person("1001", company_code="OVR", unit_code="OVR")])
    assert plan.problems == []
    assert len(plan.creates) == 2


def test_every_problem_of_a_row_is_listed(units):
    problems = problems_of([person("1001", unit_code="NOPE", hire_date="x", has_pc="?")])
    assert {column for _row, column, _message in problems} == {"unit_code", "hire_date", "has_pc"}


def test_company_option_limits_the_import(units):
    plan = plan_for([person("1001"), person("1002", company_code="OVR", unit_code="OVR")], company_code="ACME")
    assert [(p.row, p.column) for p in plan.problems] == [(3, "company_code")]


def test_create_then_reimport_updates_and_audits_changes(units):
    record = import_people([person("1001"), person("1002")])
    assert (record.created_count, record.updated_count, record.status) == (2, 0, RosterImport.Status.APPLIED)
    first = Employee.objects.get(number="1001")
    created = ModelLogEntry.objects.filter(action="mamori.employee.create", object_id=str(first.pk)).get()
    assert created.data["number"] == "1001"

    record = import_people([person("1001", unit_code="ACME-PB", has_pc="no"), person("1002")])
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 1, 1)
    first.refresh_from_db()
    assert first.unit == units["plant_b"]
    assert first.has_pc is False
    entry = ModelLogEntry.objects.filter(action="mamori.employee.update", object_id=str(first.pk)).get()
    assert entry.data["changes"] == {"unit": ["ACME-PA", "ACME-PB"], "has_pc": [True, False]}
    assert entry.data["roster_import"] == record.pk
    summary = ModelLogEntry.objects.filter(action="mamori.roster.import", object_id=str(record.pk)).get()
    assert summary.data["updated"] == 1 and summary.data["unchanged"] == 1


def test_reimport_of_the_same_file_changes_nothing(units):
    people = [person("1001"), person("1002")]
    import_people(people)
    before = ModelLogEntry.objects.filter(action__startswith="mamori.employee").count()
    record = import_people(people)
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 0, 2)
    assert ModelLogEntry.objects.filter(action__startswith="mamori.employee").count() == before


def test_dry_run_changes_no_employee(units):
    existing = EmployeeFactory(unit=units["plant_a"], number="1001", has_pc=True)
    plan = plan_for([person("1001", has_pc="no"), person("1002")], dry_run=True, full=True)
    record = roster_apply(plan=plan, actor=None)
    assert record.dry_run and record.status == RosterImport.Status.DRY_RUN
    assert (record.created_count, record.updated_count) == (1, 1)
    existing.refresh_from_db()
    assert existing.has_pc is True
    assert list(Employee.objects.values_list("number", flat=True)) == ["1001"]
    assert not ModelLogEntry.objects.filter(action__startswith="mamori.employee").exists()


def test_a_plan_with_problems_is_refused_and_writes_nothing(units):
    plan = plan_for([person("1001"), person("1002"), person("1003", unit_code="NOPE")])
    with pytest.raises(RosterRejected):
        roster_apply(plan=plan, actor=None)
    assert Employee.objects.count() == 0
    assert RosterImport.objects.count() == 0


def test_full_import_flags_absentees_and_clears_the_flag_when_they_return(units):
    today = timezone.localdate()
    import_people([person("1001"), person("1002"), person("9001", company_code="OVR", unit_code="OVR")])
    left = EmployeeFactory(unit=units["plant_a"], number="1003", leaving_date=today - datetime.timedelta(days=10))

    record = import_people([person("1001")], full=True)
    assert record.flagged_count == 1
    missing = Employee.objects.get(number="1002")
    assert missing.absent_from_roster_since == today
    # Another company's people and people who already left are not flagged.
    assert Employee.objects.get(number="9001").absent_from_roster_since is None
    left.refresh_from_db()
    assert left.absent_from_roster_since is None
    assert ModelLogEntry.objects.filter(action="mamori.employee.flag_absent", object_id=str(missing.pk)).exists()

    # A second full import keeps the first date and flags nobody again.
    assert import_people([person("1001")], full=True).flagged_count == 0

    record = import_people([person("1001"), person("1002")], full=True)
    assert record.updated_count == 1
    missing.refresh_from_db()
    assert missing.absent_from_roster_since is None


def test_partial_import_flags_nobody(units):
    import_people([person("1001"), person("1002")])
    assert import_people([person("1001")]).flagged_count == 0
    assert not Employee.objects.filter(absent_from_roster_since__isnull=False).exists()


def test_leaving_date_makes_a_leaver(units):
    import_people([person("1001"), person("1002")])
    import_people([person("1001", leaving_date="2026/03/31"), person("1002")])
    leaver = Employee.objects.leavers().get()
    assert leaver.number == "1001"
    assert leaver.leaving_date == datetime.date(2026, 3, 31)
    assert not leaver.is_active_on(datetime.date(2026, 4, 1))


def test_new_hire_gets_an_assignment_in_a_launched_campaign(units):
    today = timezone.localdate()
    course = HomePage.objects.first().add_child(instance=CoursePage(title="C", slug="c"))
    campaign = Campaign.objects.create(
        name="Nine rules", course=course, fiscal_year=fiscal_year_of(today), due_date=today + datetime.timedelta(30)
    )
    EmployeeFactory(unit=units["plant_a"], number="1001")
    assert campaign_launch(campaign=campaign, actor=None) == 1

    record = import_people(
        [person("1001"), person("2001", hire_date=today.isoformat(), has_pc="no", category="part_timer")]
    )
    assert record.assignments_count == 1
    assignment = Assignment.objects.get(employee__number="2001")
    assert assignment.campaign == campaign
    assert assignment.method == "printed_excerpt"
    assert ModelLogEntry.objects.filter(action="mamori.assignment.create", object_id=str(assignment.pk)).exists()


def test_hr_user_cannot_import_outside_their_scope(units):
    from lms.accounts.models import Role
    from tests.factories import grant

    hr = UserFactory(username="hr-a")
    grant(hr, Role.HR, units["plant_a"])
    EmployeeFactory(unit=units["plant_b"], number="1003")
    plan = plan_for(
        [
            person("1001", unit_code="ACME-PA-ASM"),
            person("1002", unit_code="ACME-PB"),
            person("1003", unit_code="ACME-PA"),  # moving someone in from plant B
        ],
        actor=hr,
        full=True,
    )
    assert [(p.row, p.column) for p in plan.problems] == [(3, "unit_code"), (4, "employee_number")]
    assert "outside the units you may manage" in plan.problems[0].message


def test_hr_full_import_flags_only_people_in_scope(units):
    from lms.accounts.models import Role
    from tests.factories import grant

    hr = UserFactory(username="hr-a")
    grant(hr, Role.HR, units["plant_a"])
    EmployeeFactory(unit=units["plant_a"], number="1001")
    EmployeeFactory(unit=units["plant_a"], number="1002")
    EmployeeFactory(unit=units["plant_b"], number="1003")
    record = import_people([person("1001")], actor=hr, full=True)
    assert record.imported_by == hr
    assert list(Employee.objects.filter(absent_from_roster_since__isnull=False).values_list("number", flat=True)) == [
        "1002"
    ]


def test_reads_do_not_grow_with_the_file(units):
    def queries_for(count, start):
        people = [person(str(n)) for n in range(start, start + count)]
        with CaptureQueriesContext(connection) as context:
            import_people(people)
        sql = [q["sql"] for q in context.captured_queries]
        return sum(1 for q in sql if q.startswith("SELECT")), len(sql)

    small_reads, _small_total = queries_for(5, 1000)
    large_reads, large_total = queries_for(400, 5000)
    assert large_reads == small_reads
    # Writes are batched (SQLite allows only 999 parameters per statement): far fewer than the rows.
    assert large_total < 400 / 10


def test_full_import_treats_leaving_today_like_leaving_later_and_skips_who_left(units):
    """One rule (``EmploymentStatus``): a person still works on their leaving day, so a full roster
    missing them flags them like anyone active; someone who left yesterday is expected to be missing."""
    today = timezone.localdate()
    import_people([person("1001")])
    leaving_today = EmployeeFactory(unit=units["plant_a"], number="1002", leaving_date=today)
    leaving_later = EmployeeFactory(
        unit=units["plant_a"], number="1003", leaving_date=today + datetime.timedelta(days=30)
    )
    left = EmployeeFactory(unit=units["plant_a"], number="1004", leaving_date=today - datetime.timedelta(days=1))
    plan = plan_for([person("1001")], full=True)
    assert set(plan.flags) == {leaving_today, leaving_later}
    assert left not in plan.flags


def test_preview_counts_leaving_dates_given_whatever_the_day(units):
    today = timezone.localdate()
    import_people([person("1001"), person("1002"), person("1003")])
    plan = plan_for(
        [
            person("1001", leaving_date=today.isoformat()),
            person("1002", leaving_date=(today + datetime.timedelta(days=30)).isoformat()),
            person("1003"),
        ]
    )
    assert plan.leaving_dates_given == 2


# --- The optional e-mail column -------------------------------------------------------------------


def test_an_email_column_sets_the_address_and_a_new_one_replaces_it(units):
    import_people([person("1001", email="aoki@example.com"), person("1002")])
    assert Employee.objects.get(number="1001").email == "aoki@example.com"
    assert Employee.objects.get(number="1002").email == ""

    import_people([person("1001", email="aoki@acme.example"), person("1002", email="abe@acme.example")])
    first = Employee.objects.get(number="1001")
    assert first.email == "aoki@acme.example"
    assert Employee.objects.get(number="1002").email == "abe@acme.example"
    entry = ModelLogEntry.objects.filter(action="mamori.employee.update", object_id=str(first.pk)).get()
    assert entry.data["changes"] == {"email": ["aoki@example.com", "aoki@acme.example"]}


@pytest.mark.parametrize("address", ["aoki@", "aoki example.com", "aoki@@example.com", "@example.com"])
def test_a_malformed_address_is_refused_with_its_row_and_column(units, address):
    problems = problems_of([person("1001"), person("1002", email=address)])
    assert problems == [
        (3, "email", f"“{address}” is not an e-mail address (use name@example.com, or leave the cell empty).")
    ]
    with pytest.raises(RosterRejected):
        roster_apply(plan=plan_for([person("1002", email=address)]), actor=None)
    assert not Employee.objects.exists()


def test_the_email_column_may_be_named_in_japanese(units):
    columns = ["company_code", "employee_number", "full_name", "unit_code", "category"]
    columns += ["has_pc", "reads_japanese", "joined_via", "hire_date", "email"]
    data = roster_csv([person("1001", email="aoki@example.com")], columns=columns, header=[*columns[:-1], "メール"])
    plan = roster_plan(data=data, file_name="roster.csv", actor=None)
    assert plan.problems == []
    assert plan.creates[0].employee.email == "aoki@example.com"


def test_a_file_without_the_email_column_leaves_addresses_alone(units):
    kept = EmployeeFactory(
        unit=units["plant_a"], number="1001", full_name="Worker 1001", email="kept@example.com", has_pc=True
    )
    columns = [key for key in HEADER if key != "email"]
    data = roster_csv([person("1001", has_pc="no"), person("1002")], columns=columns)
    plan = roster_plan(data=data, file_name="roster.csv", actor=None)
    assert plan.problems == []
    assert plan.updates[0].changes == {"has_pc": (True, False)}
    roster_apply(plan=plan, actor=None)
    kept.refresh_from_db()
    assert (kept.email, kept.has_pc) == ("kept@example.com", False)
    assert Employee.objects.get(number="1002").email == ""


def test_an_empty_email_cell_removes_the_address(units):
    gone = EmployeeFactory(unit=units["plant_a"], number="1001", email="old@example.com")
    import_people([person("1001", full_name=gone.full_name, email="")])
    gone.refresh_from_db()
    assert gone.email == ""
