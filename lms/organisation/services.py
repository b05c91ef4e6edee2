"""Writes for the organisation: employees, units and employee categories.

Each takes the acting user and writes one audit entry through ``audited_create`` /
``audited_update``; a change that changes nothing writes nothing.
"""

from typing import Any

from lms.audit.services import audited_create, audited_update
from lms.events import publish_on_commit

from .events import employees_changed, leaving_dates_changed
from .models import Employee, EmployeeCategory, OrgUnit

EMPLOYEE_FIELDS = (
    "company",
    "unit",
    "full_name",
    "name_reading",
    "category",
    "is_key_person",
    "preferred_language",
    "email",
    "has_pc",
    "reads_japanese",
    "joined_via",
    "hire_date",
    "leaving_date",
)
# The roster import also clears the "absent from the roster" flag of someone listed again.
EMPLOYEE_UPDATE_FIELDS = (*EMPLOYEE_FIELDS, "absent_from_roster_since")
# A change of these moves a person between the reports' counts (``employees_changed``).
COUNTED_FIELDS = frozenset({"unit", "category", "leaving_date"})
ORG_UNIT_FIELDS = ("code", "name", "kind", "site_kind", "is_overseas")
CATEGORY_FIELDS = ("code", "name", "translated_names", "position")


def leaving_dates_announce(*, employee_ids: list[int], actor) -> None:
    """Tell subscribers (``leaving_dates_changed``) once the current transaction commits."""
    if employee_ids:
        publish_on_commit(
            leaving_dates_changed,
            sender=Employee,
            employee_ids=list(employee_ids),
            actor_id=getattr(actor, "pk", None),
        )


def employee_create(*, actor, number: str, **values: Any) -> Employee:
    employee = audited_create(
        Employee,
        actor=actor,
        action="mamori.employee.create",
        values={"number": number, **values},
        fields=("number", *EMPLOYEE_FIELDS),
        data={"number": number},
    )
    if employee.leaving_date:
        leaving_dates_announce(employee_ids=[employee.pk], actor=actor)
    publish_on_commit(
        employees_changed, sender=Employee, unit_ids=[employee.unit_id], actor_id=getattr(actor, "pk", None)
    )
    return employee


def employee_update(*, employee: Employee, actor, **values: Any) -> dict[str, list]:
    """Apply changed fields; returns {field: [old, new]} (empty when nothing changed)."""
    old_unit_id = employee.unit_id
    changes = audited_update(
        employee, actor=actor, action="mamori.employee.update", values=values, fields=EMPLOYEE_UPDATE_FIELDS
    )
    if "leaving_date" in changes:
        leaving_dates_announce(employee_ids=[employee.pk], actor=actor)
    if changes.keys() & COUNTED_FIELDS:
        unit_ids = [old_unit_id, employee.unit_id]
        publish_on_commit(employees_changed, sender=Employee, unit_ids=unit_ids, actor_id=getattr(actor, "pk", None))
    return changes


def org_unit_add(*, parent: OrgUnit | None, actor, code: str, name: str, kind: str, **extra: Any) -> OrgUnit:
    """A unit under ``parent`` (the group at the top when ``parent`` is None)."""

    def save(unit: OrgUnit) -> OrgUnit:
        # treebeard computes the tree fields (path, depth) while it inserts the row.
        return OrgUnit.add_root(instance=unit) if parent is None else parent.add_child(instance=unit)

    return audited_create(
        OrgUnit,
        actor=actor,
        action="mamori.org_unit.create",
        values={"code": code, "name": name, "kind": kind, **extra},
        fields=ORG_UNIT_FIELDS,
        data={"parent": parent},
        save=save,
        exclude=("path", "depth", "numchild"),
    )


def org_unit_update(*, unit: OrgUnit, actor, **values: Any) -> dict[str, list]:
    """Change a unit's own fields; its place in the tree is not edited here."""
    return audited_update(unit, actor=actor, action="mamori.org_unit.update", values=values, fields=ORG_UNIT_FIELDS)


def employee_category_create(*, actor, **values: Any) -> EmployeeCategory:
    return audited_create(
        EmployeeCategory,
        actor=actor,
        action="mamori.employee_category.create",
        values=values,
        fields=CATEGORY_FIELDS,
    )


def employee_category_update(*, category: EmployeeCategory, actor, **values: Any) -> dict[str, list]:
    return audited_update(
        category, actor=actor, action="mamori.employee_category.update", values=values, fields=CATEGORY_FIELDS
    )
