"""Launching campaigns, editing delivery rules and correcting completions through the admin."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.training.models import Assignment, Campaign, CompletionRecord, DeliveryRule, TrainingMethod
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db


def test_launch_confirmation_counts_active_employees_by_method(client, trainer, campaign, people):
    people["b2"].has_pc = False
    people["b2"].save()
    client.force_login(trainer)
    response = client.get(reverse("campaign:launch", args=[campaign.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "4 active employees" in html
    assert str(TrainingMethod.ELEARNING.label) in html
    assert str(TrainingMethod.PRINTED_EXCERPT.label) in html
    assert not Assignment.objects.exists()  # the confirmation page changes nothing


def test_launch_creates_assignments_and_audit_entry_and_refuses_second_launch(client, trainer, campaign, people):
    client.force_login(trainer)
    url = reverse("campaign:launch", args=[campaign.pk])
    response = client.post(url)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.LAUNCHED
    assert Assignment.objects.filter(campaign=campaign).count() == 4
    entry = ModelLogEntry.objects.get(action="mamori.campaign.launch", object_id=str(campaign.pk))
    assert entry.user == trainer
    assert entry.data == {"assignments": 4}

    second = client.post(url, follow=True)
    assert "already been launched" in second.content.decode()
    assert Assignment.objects.filter(campaign=campaign).count() == 4
    assert ModelLogEntry.objects.filter(action="mamori.campaign.launch").count() == 1


def test_launched_campaign_cannot_be_edited(client, trainer, launched):
    client.force_login(trainer)
    response = client.post(reverse("campaign:edit", args=[launched.pk]), {"name": "Renamed"}, follow=True)
    assert "Only a draft campaign can be changed." in response.content.decode()
    launched.refresh_from_db()
    assert launched.name == "Awareness"


def test_campaign_create_writes_audit_entry(client, trainer, course, units):
    client.force_login(trainer)
    response = client.post(
        reverse("campaign:add"),
        {
            "name": "FY2027",
            "course": course.pk,
            "fiscal_year": 2027,
            "due_date": "2028-03-31",
            "units": [units["plant_a"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(name="FY2027")
    assert list(campaign.units.all()) == [units["plant_a"]]
    assert ModelLogEntry.objects.filter(action="mamori.campaign.create", object_id=str(campaign.pk)).exists()


def test_delivery_rule_edit_writes_audit_entry_with_changes(client, trainer):
    rule = DeliveryRule.objects.filter(is_active=True).first()
    client.force_login(trainer)
    data = {
        "position": rule.position,
        "name": "Renamed rule",
        "method": TrainingMethod.CLASSROOM,
        "categories": [c.pk for c in rule.categories.all()],
        "key_person": rule.key_person,
        "has_pc": rule.has_pc,
        "reads_japanese": rule.reads_japanese,
        "joined_via": rule.joined_via,
        "hired_in_fiscal_year": rule.hired_in_fiscal_year,
        "is_active": "on",
    }
    old_name, old_method = rule.name, rule.method
    response = client.post(reverse("deliveryrule:edit", args=[rule.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.name == "Renamed rule"
    entry = ModelLogEntry.objects.get(action="mamori.rule.update", object_id=str(rule.pk))
    assert entry.user == trainer
    assert entry.data["changes"]["name"] == [old_name, "Renamed rule"]
    if old_method != TrainingMethod.CLASSROOM:
        assert entry.data["changes"]["method"] == [old_method, TrainingMethod.CLASSROOM]


def test_delivery_rule_delete_writes_audit_entry(client, trainer):
    rule = DeliveryRule.objects.first()
    client.force_login(trainer)
    response = client.post(reverse("deliveryrule:delete", args=[rule.pk]))
    assert response.status_code == 302
    assert not DeliveryRule.objects.filter(pk=rule.pk).exists()
    assert ModelLogEntry.objects.filter(action="mamori.rule.delete", object_id=str(rule.pk)).exists()


def test_hr_corrects_own_plants_completion_keeping_the_original(client, hr_a, launched, people):
    original = CompletionRecord.objects.get(assignment__employee=people["a1"])
    client.force_login(hr_a)
    response = client.post(
        reverse("completionrecord:correct", args=[original.pk]),
        {"reason": "Date typed wrong", "completed_on": "2026-07-02"},
    )
    assert response.status_code == 302
    correction = CompletionRecord.objects.get(corrects=original)
    assert correction.completed_on == datetime.date(2026, 7, 2)
    assert correction.evidence_note == "Date typed wrong"
    assert correction.recorded_by == hr_a
    assert CompletionRecord.objects.filter(pk=original.pk).exists()
    assert ModelLogEntry.objects.filter(action="mamori.completion.correct", object_id=str(correction.pk)).exists()
    # A second correction of the same original is refused.
    client.post(reverse("completionrecord:correct", args=[original.pk]), {"reason": "again"})
    assert CompletionRecord.objects.filter(corrects=original).count() == 1


def test_correction_needs_a_reason(client, hr_a, launched, people):
    original = CompletionRecord.objects.get(assignment__employee=people["a1"])
    client.force_login(hr_a)
    response = client.post(reverse("completionrecord:correct", args=[original.pk]), {"reason": "   "})
    assert response.status_code == 200
    assert not CompletionRecord.objects.filter(corrects=original).exists()


def test_completion_records_have_no_delete_or_edit_urls(client, admin_user, launched):
    from django.urls import NoReverseMatch

    record = CompletionRecord.objects.first()
    for name in ("completionrecord:delete", "completionrecord:edit", "completionrecord:add"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[record.pk]) if name != "completionrecord:add" else reverse(name)
    client.force_login(admin_user)
    url = f"/admin/completionrecord/delete/{record.pk}/"
    assert_refused(client.post(url), url)
    assert CompletionRecord.objects.filter(pk=record.pk).exists()
