"""Factories shared by the tests: a small organisation and its people."""

import datetime

import factory
from django.contrib.auth import get_user_model

from lms.accounts.models import RoleAssignment
from lms.organisation.models import Employee, EmployeeCategory, JoinedVia, OrgUnit


def category(code: str) -> EmployeeCategory:
    """A seeded category (the data migration creates them)."""
    return EmployeeCategory.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or "pw-Mamori-2026")
        if create:
            user.save(update_fields=["password"])


def unit_tree() -> dict[str, OrgUnit]:
    """group → company (ACME) → plant A (with a department) and plant B; a second company."""
    group = OrgUnit.add_root(code="GRP", name="Group", kind=OrgUnit.Kind.GROUP)
    acme = group.add_child(code="ACME", name="ACME Industries", kind=OrgUnit.Kind.COMPANY)
    plant_a = acme.add_child(code="ACME-PA", name="Plant A", kind=OrgUnit.Kind.SITE, site_kind="plant")
    dept_a = plant_a.add_child(code="ACME-PA-ASM", name="Assembly", kind=OrgUnit.Kind.DEPARTMENT)
    plant_b = acme.add_child(code="ACME-PB", name="Plant B", kind=OrgUnit.Kind.SITE, site_kind="plant")
    other = group.add_child(code="OVR", name="Overseas Co", kind=OrgUnit.Kind.COMPANY, is_overseas=True)
    return {"group": group, "acme": acme, "plant_a": plant_a, "dept_a": dept_a, "plant_b": plant_b, "other": other}


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    number = factory.Sequence(lambda n: f"E{n:05d}")
    full_name = factory.Sequence(lambda n: f"Worker {n}")
    name_reading = ""
    category = factory.LazyFunction(lambda: category("regular"))
    joined_via = JoinedVia.REGULAR_INTAKE
    hire_date = datetime.date(2015, 4, 1)
    has_pc = True
    reads_japanese = True
    preferred_language = "ja"

    @factory.lazy_attribute
    def company(self):
        return self.unit.company()


def grant(user, role: str, unit: OrgUnit | None = None) -> RoleAssignment:
    from lms.accounts.services import role_grant

    return role_grant(user=user, role=role, unit=unit, actor=None)
