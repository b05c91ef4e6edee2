"""The shared write helpers: diff, validate, save and one audit entry; nothing written otherwise."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lms.audit.services import audited_create, audited_update
from lms.organisation.models import EmployeeCategory
from lms.training.models import DeliveryRule
from tests.factories import category
from tests.refusals import nothing_changes

pytestmark = pytest.mark.django_db


def test_create_saves_sets_many_to_many_and_writes_one_entry(trainer):
    rule = audited_create(
        DeliveryRule,
        actor=trainer,
        action="mamori.rule.create",
        values={"position": 5, "name": "Interns", "method": "classroom", "has_pc": ""},
        m2m={"categories": [category("part_timer"), category("regular")]},
        data={"source": "test"},
    )
    rule.refresh_from_db()
    assert {c.code for c in rule.categories.all()} == {"part_timer", "regular"}
    entry = ModelLogEntry.objects.get(action="mamori.rule.create")
    assert entry.object_id == str(rule.pk) and entry.user == trainer
    # Empty values are left out; many-to-many values are the sorted names.
    assert entry.data["changes"] == {
        "position": [None, 5],
        "name": [None, "Interns"],
        "method": [None, "classroom"],
        "categories": [None, sorted([str(category("part_timer")), str(category("regular"))])],
    }
    assert entry.data["source"] == "test"


def test_create_with_invalid_values_writes_nothing(trainer):
    with nothing_changes(DeliveryRule), pytest.raises(ValidationError):
        audited_create(
            DeliveryRule, actor=trainer, action="mamori.rule.create", values={"name": "X", "method": "carrier pigeon"}
        )


def test_create_refuses_fields_outside_the_list(trainer):
    with nothing_changes(DeliveryRule), pytest.raises(TypeError):
        audited_create(
            DeliveryRule,
            actor=trainer,
            action="mamori.rule.create",
            values={"name": "X", "method": "classroom", "is_active": False},
            fields=("name", "method"),
        )


def test_update_records_old_and_new_values_and_many_to_many(trainer):
    rule = DeliveryRule.objects.create(position=1, name="Rule", method="classroom")
    rule.categories.set([category("regular")])
    changes = audited_update(
        rule,
        actor=trainer,
        action="mamori.rule.update",
        values={"name": "Renamed", "method": "classroom"},
        m2m={"categories": [category("part_timer")]},
    )
    assert changes == {
        "name": ["Rule", "Renamed"],
        "categories": [[str(category("regular"))], [str(category("part_timer"))]],
    }
    entry = ModelLogEntry.objects.get(action="mamori.rule.update")
    assert entry.user == trainer and entry.data == {"changes": changes}
    rule.refresh_from_db()
    assert rule.name == "Renamed"
    assert list(rule.categories.all()) == [category("part_timer")]


def test_update_without_a_change_saves_nothing_and_writes_no_entry(trainer):
    rule = DeliveryRule.objects.create(position=1, name="Rule", method="classroom")
    rule.categories.set([category("regular")])
    with nothing_changes(DeliveryRule):
        changes = audited_update(
            rule,
            actor=trainer,
            action="mamori.rule.update",
            values={"name": "Rule"},
            m2m={"categories": [category("regular")]},
        )
    assert changes == {}


def test_update_with_invalid_values_writes_nothing_and_restores_the_instance(trainer):
    regular = category("regular")
    with nothing_changes(EmployeeCategory), pytest.raises(ValidationError):
        audited_update(
            regular,
            actor=trainer,
            action="mamori.employee_category.update",
            values={"name": "Renamed", "code": "part_timer"},  # the code is taken
        )
    assert regular.name != "Renamed" and regular.code == "regular"


def test_update_refuses_fields_outside_the_list(trainer):
    with nothing_changes(EmployeeCategory), pytest.raises(TypeError):
        audited_update(
            category("regular"),
            actor=trainer,
            action="mamori.employee_category.update",
            values={"position": 99},
            fields=("name",),
        )


def test_an_unknown_action_is_refused_and_rolls_the_save_back(trainer):
    regular = category("regular")
    with nothing_changes(EmployeeCategory), pytest.raises(ValueError, match="Unknown audit action"):
        audited_update(regular, actor=trainer, action="mamori.nothing", values={"position": 99})
