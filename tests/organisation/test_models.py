"""One rule for who is active: a person works on their leaving day and is a leaver from the day after."""

import datetime

import pytest

from lms.organisation.models import Employee, EmploymentStatus
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 15)


@pytest.fixture
def staff(units):
    unit = units["plant_a"]
    return {
        "staying": EmployeeFactory(unit=unit),
        "leaving_today": EmployeeFactory(unit=unit, leaving_date=DAY),
        "leaving_next_month": EmployeeFactory(unit=unit, leaving_date=DAY + datetime.timedelta(days=30)),
        "left_yesterday": EmployeeFactory(unit=unit, leaving_date=DAY - datetime.timedelta(days=1)),
        "starting_tomorrow": EmployeeFactory(unit=unit, hire_date=DAY + datetime.timedelta(days=1)),
        "started_today": EmployeeFactory(unit=unit, hire_date=DAY),
    }


EXPECTED = {
    "staying": EmploymentStatus.ACTIVE,
    "leaving_today": EmploymentStatus.ACTIVE,
    "leaving_next_month": EmploymentStatus.ACTIVE,
    "left_yesterday": EmploymentStatus.LEAVER,
    "starting_tomorrow": EmploymentStatus.NOT_STARTED,
    "started_today": EmploymentStatus.ACTIVE,
}


def test_each_person_has_the_expected_status_in_python_and_in_the_database(staff):
    for key, employee in staff.items():
        assert employee.status_on(DAY) == EXPECTED[key], key
    for status in EmploymentStatus:
        in_database = set(Employee.objects.with_status(status, DAY))
        assert in_database == {staff[k] for k, expected in EXPECTED.items() if expected == status}, status


def test_leaving_today_and_leaving_next_month_are_classified_identically(staff):
    today, later = staff["leaving_today"], staff["leaving_next_month"]
    assert today.status_on(DAY) == later.status_on(DAY) == EmploymentStatus.ACTIVE
    assert today.is_active_on(DAY) and later.is_active_on(DAY)
    assert not today.has_left(DAY) and not later.has_left(DAY)
    active = set(Employee.objects.active(DAY))
    assert {today, later} <= active
    assert not Employee.objects.leavers(DAY).filter(pk__in=[today.pk, later.pk]).exists()


def test_the_day_after_the_leaving_date_the_person_is_a_leaver(staff):
    person = staff["leaving_today"]
    day_after = DAY + datetime.timedelta(days=1)
    assert person.has_left(day_after)
    assert Employee.objects.leavers(day_after).filter(pk=person.pk).exists()
    assert not Employee.objects.active(day_after).filter(pk=person.pk).exists()


def test_the_statuses_split_everyone_exactly_once(staff):
    counts = [Employee.objects.with_status(status, DAY).count() for status in EmploymentStatus]
    assert sum(counts) == Employee.objects.count()


def test_without_a_day_the_rule_uses_today(units):
    from django.utils import timezone

    today = timezone.localdate()
    leaving_today = EmployeeFactory(unit=units["plant_a"], leaving_date=today)
    left = EmployeeFactory(unit=units["plant_a"], leaving_date=today - datetime.timedelta(days=1))
    assert leaving_today.status_on() == EmploymentStatus.ACTIVE
    assert left.status_on() == EmploymentStatus.LEAVER
    assert list(Employee.objects.leavers()) == [left]
    assert list(Employee.objects.active()) == [leaving_today]
