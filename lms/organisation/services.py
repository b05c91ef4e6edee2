"""Writes for the organisation: employees and units. Each writes an audit entry."""

from typing import Any

from django.db import transaction

from lms.audit.services import audit_log, model_changes

from .models import Employee, OrgUnit

EMPLOYEE_FIELDS = (
    "company",
    "unit",
    "full_name",
    "name_reading",
    "category",
    "is_key_person",
    "preferred_language",
    "has_pc",
    "reads_japanese",
    "joined_via",
    "hire_date",
    "leaving_date",
)


def employee_create(*, actor, number: str, **values: Any) -> Employee:
    unknown = set(values) - set(EMPLOYEE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown employee fields: {sorted(unknown)}")
    employee = Employee(number=number, **values)
    employee.full_clean()
    with transaction.atomic():
        employee.save()
        audit_log(actor=actor, action="mamori.employee.create", instance=employee, data={"number": number})
    return employee


def employee_update(*, employee: Employee, actor, **values: Any) -> dict[str, list]:
    """Apply changed fields; returns {field: [old, new]} (empty when nothing changed)."""
    unknown = set(values) - set(EMPLOYEE_FIELDS) - {"absent_from_roster_since"}
    if unknown:
        raise TypeError(f"Unknown employee fields: {sorted(unknown)}")
    changes = model_changes(employee, values)
    if not changes:
        return {}
    for field, value in values.items():
        setattr(employee, field, value)
    employee.full_clean()
    with transaction.atomic():
        employee.save()
        audit_log(actor=actor, action="mamori.employee.update", instance=employee, data={"changes": changes})
    return changes


def org_unit_add(*, parent: OrgUnit | None, code: str, name: str, kind: str, **extra: Any) -> OrgUnit:
    unit = OrgUnit(code=code, name=name, kind=kind, **extra)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return OrgUnit.add_root(instance=unit)
    return parent.add_child(instance=unit)
