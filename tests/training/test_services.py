"""Training writes: rule and campaign services audit every change once; a launch covers the active people."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lms.training.models import Assignment, Campaign, DeliveryRule, TrainingMethod
from lms.training.services import (
    TrainingError,
    assignments_create_for_new_employees,
    campaign_create,
    campaign_launch,
    campaign_update,
    delivery_rule_create,
    delivery_rule_update,
)
from tests.factories import EmployeeFactory, category
from tests.refusals import nothing_changes

pytestmark = pytest.mark.django_db

LAUNCH_DAY = datetime.date(2026, 6, 1)


# --- Delivery rules -----------------------------------------------------------------------


def test_rule_create_writes_one_entry_with_its_values(trainer):
    rule = delivery_rule_create(
        actor=trainer, categories=[category("part_timer")], position=1, name="Part-timers", method="classroom"
    )
    entry = ModelLogEntry.objects.get(action="mamori.rule.create")
    assert entry.object_id == str(rule.pk) and entry.user == trainer
    assert entry.data["changes"]["name"] == [None, "Part-timers"]
    assert entry.data["changes"]["categories"] == [None, [str(category("part_timer"))]]


def test_rule_create_with_invalid_values_writes_nothing(trainer):
    with nothing_changes(DeliveryRule), pytest.raises(ValidationError):
        delivery_rule_create(actor=trainer, position=1, name="X", method="carrier pigeon")


def test_rule_update_writes_one_entry_with_changes(trainer):
    rule = DeliveryRule.objects.filter(categories__isnull=False).distinct().first()
    old_name, old_categories = rule.name, sorted(str(c) for c in rule.categories.all())
    assert old_categories
    changes = delivery_rule_update(rule=rule, actor=trainer, categories=[], name="Renamed", position=rule.position)
    assert changes == {"name": [old_name, "Renamed"], "categories": [old_categories, []]}
    entry = ModelLogEntry.objects.get(action="mamori.rule.update", object_id=str(rule.pk))
    assert entry.user == trainer and entry.data == {"changes": changes}
    assert not rule.categories.exists()


def test_rule_update_without_a_change_writes_nothing(trainer):
    rule = DeliveryRule.objects.first()
    with nothing_changes(DeliveryRule):
        assert (
            delivery_rule_update(rule=rule, actor=trainer, categories=list(rule.categories.all()), name=rule.name) == {}
        )


def test_rule_update_with_invalid_values_writes_nothing(trainer):
    rule = DeliveryRule.objects.first()
    with nothing_changes(DeliveryRule), pytest.raises(ValidationError):
        delivery_rule_update(rule=rule, actor=trainer, method="carrier pigeon")


# --- Campaigns ----------------------------------------------------------------------------


def test_campaign_create_is_a_draft_with_one_entry(trainer, course, units):
    campaign = campaign_create(
        actor=trainer,
        units=[units["plant_a"]],
        name="FY2027",
        course=course,
        fiscal_year=2027,
        due_date=datetime.date(2028, 3, 31),
    )
    assert campaign.status == Campaign.Status.DRAFT
    assert list(campaign.units.all()) == [units["plant_a"]]
    entry = ModelLogEntry.objects.get(action="mamori.campaign.create")
    assert entry.object_id == str(campaign.pk) and entry.user == trainer
    assert entry.data["changes"]["units"] == [None, ["Plant A"]]


def test_campaign_create_with_invalid_values_writes_nothing(trainer, course):
    with nothing_changes(Campaign), pytest.raises(ValidationError):
        campaign_create(
            actor=trainer, name="x" * 300, course=course, fiscal_year=2027, due_date=datetime.date(2028, 3, 31)
        )


def test_campaign_create_refuses_a_status(trainer, course):
    with nothing_changes(Campaign), pytest.raises(TypeError):
        campaign_create(
            actor=trainer,
            name="Launched already",
            course=course,
            fiscal_year=2027,
            due_date=datetime.date(2028, 3, 31),
            status=Campaign.Status.LAUNCHED,
        )


def test_campaign_update_writes_one_entry(trainer, campaign, units):
    changes = campaign_update(campaign=campaign, actor=trainer, units=[units["plant_b"]], name="Awareness 2026")
    assert changes == {"name": ["Awareness", "Awareness 2026"], "units": [[], ["Plant B"]]}
    entry = ModelLogEntry.objects.get(action="mamori.campaign.update", object_id=str(campaign.pk))
    assert entry.user == trainer and entry.data == {"changes": changes}


def test_campaign_update_without_a_change_writes_nothing(trainer, campaign):
    with nothing_changes(Campaign):
        assert campaign_update(campaign=campaign, actor=trainer, units=[], name="Awareness") == {}


def test_campaign_update_with_invalid_values_writes_nothing(trainer, campaign):
    with nothing_changes(Campaign), pytest.raises(ValidationError):
        campaign_update(campaign=campaign, actor=trainer, name="x" * 300)


def test_launched_campaign_update_is_refused_and_writes_nothing(trainer, launched):
    with nothing_changes(Campaign), pytest.raises(TrainingError):
        campaign_update(campaign=launched, actor=trainer, name="Renamed")


# --- Who a launch covers: the one active/leaver rule --------------------------------------


def test_launch_covers_people_leaving_today_and_later_but_not_people_who_left(trainer, campaign, units):
    unit = units["plant_a"]
    leaving_today = EmployeeFactory(unit=unit, leaving_date=LAUNCH_DAY)
    leaving_next_month = EmployeeFactory(unit=unit, leaving_date=LAUNCH_DAY + datetime.timedelta(days=30))
    left_yesterday = EmployeeFactory(unit=unit, leaving_date=LAUNCH_DAY - datetime.timedelta(days=1))
    not_started = EmployeeFactory(unit=unit, hire_date=LAUNCH_DAY + datetime.timedelta(days=1))
    assert campaign_launch(campaign=campaign, actor=trainer, on=LAUNCH_DAY) == 2
    assigned = set(Assignment.objects.filter(campaign=campaign).values_list("employee", flat=True))
    assert assigned == {leaving_today.pk, leaving_next_month.pk}
    assert left_yesterday.pk not in assigned and not_started.pk not in assigned


def test_new_employees_follow_the_same_rule(trainer, campaign, units):
    campaign.fiscal_year = 2026
    campaign.save()
    campaign_launch(campaign=campaign, actor=trainer, on=LAUNCH_DAY)
    unit = units["plant_b"]
    leaving_today = EmployeeFactory(unit=unit, leaving_date=LAUNCH_DAY)
    leaving_next_month = EmployeeFactory(unit=unit, leaving_date=LAUNCH_DAY + datetime.timedelta(days=30))
    left_yesterday = EmployeeFactory(unit=unit, leaving_date=LAUNCH_DAY - datetime.timedelta(days=1))
    created = assignments_create_for_new_employees(
        employees=[leaving_today, leaving_next_month, left_yesterday], actor=trainer, on=LAUNCH_DAY
    )
    assert created == 2
    assert not Assignment.objects.filter(employee=left_yesterday).exists()
    assert Assignment.objects.get(employee=leaving_today).method == TrainingMethod.ELEARNING
