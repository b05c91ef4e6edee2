"""The organisation announces changed leaving dates after commit, from the admin and the roster import."""

import datetime

import pytest

from lms.organisation.events import leaving_dates_changed
from lms.organisation.services import employee_create, employee_update
from tests.factories import category


@pytest.fixture
def announced():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    leaving_dates_changed.connect(receiver, dispatch_uid="tests.leaving_dates")
    yield calls
    leaving_dates_changed.disconnect(dispatch_uid="tests.leaving_dates")


def test_a_set_moved_or_cleared_leaving_date_is_announced_after_commit(
    people, hr_a, announced, django_capture_on_commit_callbacks
):
    employee = people["a1"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        employee_update(employee=employee, actor=hr_a, leaving_date=datetime.date(2027, 3, 31))
    assert announced == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert announced == [{"employee_ids": [employee.pk], "actor_id": hr_a.pk, "signal": leaving_dates_changed}]
    with django_capture_on_commit_callbacks(execute=True):
        employee_update(employee=employee, actor=hr_a, full_name="Renamed")
    assert len(announced) == 1  # another field: no announcement
    with django_capture_on_commit_callbacks(execute=True):
        employee_update(employee=employee, actor=hr_a, leaving_date=None)
    assert announced[-1]["employee_ids"] == [employee.pk] and len(announced) == 2


def test_a_new_employee_with_a_leaving_date_is_announced(units, hr_a, announced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        employee = employee_create(
            actor=hr_a,
            number="L0001",
            company=units["acme"],
            unit=units["plant_a"],
            full_name="Short Contract",
            category=category("regular"),
            joined_via="irregular",
            hire_date=datetime.date(2026, 10, 1),
            leaving_date=datetime.date(2027, 1, 31),
        )
    assert announced[0]["employee_ids"] == [employee.pk]
