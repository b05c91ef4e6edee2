"""Writes for the organisation: each writes exactly one audit entry with the actor and the changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lms.organisation.models import Employee, EmployeeCategory, OrgUnit
from lms.organisation.services import (
    employee_category_create,
    employee_category_update,
    employee_create,
    employee_update,
    org_unit_add,
    org_unit_update,
)
from tests.factories import category
from tests.refusals import nothing_changes

pytestmark = pytest.mark.django_db


def entries(action: str, instance=None):
    found = ModelLogEntry.objects.filter(action=action)
    return found.filter(object_id=str(instance.pk)) if instance is not None else found


# --- Employees ----------------------------------------------------------------------------


def test_employee_create_writes_one_entry_with_the_values(units, hr_a):
    employee = employee_create(
        actor=hr_a,
        number="N-1",
        company=units["acme"],
        unit=units["plant_a"],
        full_name="New Person",
        category=category("regular"),
        joined_via="mid_career",
        hire_date=datetime.date(2026, 5, 1),
    )
    entry = entries("mamori.employee.create").get()
    assert entry.object_id == str(employee.pk)
    assert entry.user == hr_a
    assert entry.data["number"] == "N-1"
    assert entry.data["changes"]["full_name"] == [None, "New Person"]
    assert entry.data["changes"]["hire_date"] == [None, "2026-05-01"]


def test_employee_create_with_invalid_values_writes_nothing(units, hr_a):
    with nothing_changes(Employee), pytest.raises(ValidationError) as error:
        employee_create(
            actor=hr_a,
            number="N-2",
            company=units["acme"],
            unit=units["plant_a"],
            full_name="Backwards",
            category=category("regular"),
            joined_via="mid_career",
            hire_date=datetime.date(2026, 5, 1),
            leaving_date=datetime.date(2026, 4, 1),
        )
    assert "leaving_date" in error.value.message_dict


def test_employee_update_writes_one_entry_with_old_and_new(people, hr_a):
    employee = people["a1"]
    changes = employee_update(employee=employee, actor=hr_a, full_name="Aoki Renamed", has_pc=False)
    assert changes == {"full_name": ["Aoki Plant-A", "Aoki Renamed"], "has_pc": [True, False]}
    entry = entries("mamori.employee.update", employee).get()
    assert entry.user == hr_a
    assert entry.data == {"changes": changes}
    employee.refresh_from_db()
    assert employee.full_name == "Aoki Renamed"


def test_employee_update_without_a_change_writes_nothing(people, hr_a):
    employee = people["a1"]
    with nothing_changes(Employee):
        assert employee_update(employee=employee, actor=hr_a, full_name="Aoki Plant-A") == {}


def test_employee_update_with_invalid_values_writes_nothing_and_restores_the_object(people, hr_a, units):
    employee = people["a1"]
    with nothing_changes(Employee), pytest.raises(ValidationError):
        employee_update(employee=employee, actor=hr_a, full_name="Moved", unit=units["other"])
    assert employee.full_name == "Aoki Plant-A" and employee.unit == units["plant_a"]


def test_employee_update_refuses_unknown_fields(people, hr_a):
    with nothing_changes(Employee), pytest.raises(TypeError):
        employee_update(employee=people["a1"], actor=hr_a, number="X")


# --- Organisation units -------------------------------------------------------------------


def test_org_unit_add_places_the_unit_and_writes_one_entry(units, admin_user):
    unit = org_unit_add(
        parent=units["plant_b"], actor=admin_user, code="ACME-PB-PNT", name="Painting", kind="department"
    )
    assert unit.get_parent() == units["plant_b"]
    entry = entries("mamori.org_unit.create").get()
    assert entry.object_id == str(unit.pk) and entry.user == admin_user
    assert entry.data["changes"]["code"] == [None, "ACME-PB-PNT"]
    assert entry.data["parent"] == "Plant B"


def test_org_unit_add_with_invalid_values_writes_nothing(units, admin_user):
    with nothing_changes(OrgUnit), pytest.raises(ValidationError):
        org_unit_add(
            parent=units["plant_b"], actor=admin_user, code="X", name="X", kind="department", site_kind="plant"
        )


def test_org_unit_update_writes_one_entry(units, admin_user):
    plant = units["plant_b"]
    changes = org_unit_update(unit=plant, actor=admin_user, name="Plant B (East)", is_overseas=False)
    assert changes == {"name": ["Plant B", "Plant B (East)"]}
    entry = entries("mamori.org_unit.update", plant).get()
    assert entry.user == admin_user and entry.data == {"changes": changes}
    plant.refresh_from_db()
    assert plant.name == "Plant B (East)"


def test_org_unit_update_without_a_change_writes_nothing(units, admin_user):
    with nothing_changes(OrgUnit):
        assert org_unit_update(unit=units["plant_b"], actor=admin_user, name="Plant B") == {}


def test_org_unit_update_with_invalid_values_writes_nothing(units, admin_user):
    with nothing_changes(OrgUnit), pytest.raises(ValidationError):
        org_unit_update(unit=units["dept_a"], actor=admin_user, name="Renamed", site_kind="plant")
    with nothing_changes(OrgUnit), pytest.raises(ValidationError):
        org_unit_update(unit=units["dept_a"], actor=admin_user, code=units["plant_b"].code)


# --- Employee categories ------------------------------------------------------------------


def test_category_create_writes_one_entry(db, trainer):
    created = employee_category_create(
        actor=trainer, code="intern", name="インターン", translated_names={"en": "Intern"}, position=90
    )
    entry = entries("mamori.employee_category.create").get()
    assert entry.object_id == str(created.pk) and entry.user == trainer
    assert entry.data["changes"]["translated_names"] == [None, {"en": "Intern"}]


def test_category_create_with_a_taken_code_writes_nothing(db, trainer):
    with nothing_changes(EmployeeCategory), pytest.raises(ValidationError):
        employee_category_create(actor=trainer, code="regular", name="Twice", position=1)


def test_category_update_writes_one_entry(db, trainer):
    part_timer = category("part_timer")
    old_names = dict(part_timer.translated_names)
    changes = employee_category_update(
        category=part_timer, actor=trainer, translated_names={**old_names, "en": "Part-time staff"}
    )
    assert changes == {"translated_names": [old_names, {**old_names, "en": "Part-time staff"}]}
    entry = entries("mamori.employee_category.update", part_timer).get()
    assert entry.user == trainer and entry.data == {"changes": changes}


def test_category_update_without_a_change_writes_nothing(db, trainer):
    part_timer = category("part_timer")
    with nothing_changes(EmployeeCategory):
        assert employee_category_update(category=part_timer, actor=trainer, name=part_timer.name) == {}


def test_category_update_with_invalid_values_writes_nothing(db, trainer):
    with nothing_changes(EmployeeCategory), pytest.raises(ValidationError):
        employee_category_update(category=category("part_timer"), actor=trainer, code="not a slug!")
