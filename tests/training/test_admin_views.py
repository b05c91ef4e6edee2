"""Launching a campaign and correcting a completion record through the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms.training.models import Assignment, Campaign, CompletionRecord, TrainingMethod
from tests.factories import EmployeeFactory
from tests.refusals import assert_forbidden, nothing_changes

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


def test_launch_confirmation_and_launch_count_the_same_people(client, trainer, campaign, units):
    """Someone leaving today is counted and assigned like someone leaving next month; a leaver is not."""
    today = timezone.localdate()
    plant = units["plant_a"]
    EmployeeFactory(unit=plant, leaving_date=today)
    EmployeeFactory(unit=plant, leaving_date=today + datetime.timedelta(days=30))
    EmployeeFactory(unit=plant, leaving_date=today - datetime.timedelta(days=1))
    client.force_login(trainer)
    url = reverse("campaign:launch", args=[campaign.pk])
    assert "2 active employees" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Assignment.objects.filter(campaign=campaign).count() == 2


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

    with nothing_changes(Campaign, Assignment):
        second = client.post(url, follow=True)
    assert "already been launched" in second.content.decode()


def test_hr_cannot_launch(client, hr_a, campaign, people):
    client.force_login(hr_a)
    url = reverse("campaign:launch", args=[campaign.pk])
    with nothing_changes(Campaign, Assignment):
        assert_forbidden(client.get(url))
        assert_forbidden(client.post(url))


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
    with nothing_changes(CompletionRecord):
        client.post(reverse("completionrecord:correct", args=[original.pk]), {"reason": "again"})


def test_correction_needs_a_reason(client, hr_a, launched, people):
    original = CompletionRecord.objects.get(assignment__employee=people["a1"])
    client.force_login(hr_a)
    with nothing_changes(CompletionRecord):
        response = client.post(reverse("completionrecord:correct", args=[original.pk]), {"reason": "   "})
    assert response.status_code == 200
