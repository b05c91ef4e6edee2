"""The Training screens: delivery rules, campaigns and completion records, within each role's reach."""

import pytest
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from lms.training.models import Assignment, Campaign, CompletionRecord, DeliveryRule, TrainingMethod
from tests.refusals import assert_forbidden, assert_not_found, nothing_changes

pytestmark = pytest.mark.django_db


def rule_post_data(rule, **changes):
    data = {
        "position": rule.position,
        "name": rule.name,
        "method": rule.method,
        "categories": [c.pk for c in rule.categories.all()],
        "key_person": rule.key_person,
        "has_pc": rule.has_pc,
        "reads_japanese": rule.reads_japanese,
        "joined_via": rule.joined_via,
        "hired_in_fiscal_year": rule.hired_in_fiscal_year,
        "is_active": "on" if rule.is_active else "",
    }
    data.update(changes)
    if not data["is_active"]:
        del data["is_active"]
    return data


# --- Delivery rules -----------------------------------------------------------------------


def test_rule_list_shows_position_conditions_and_method(client, trainer):
    client.force_login(trainer)
    html = client.get(reverse("deliveryrule:index")).content.decode()
    assert str(TrainingMethod.CLASSROOM.label) in html
    assert "key person" in html.lower()


def test_delivery_rule_edit_writes_audit_entry_with_changes(client, trainer):
    rule = DeliveryRule.objects.filter(is_active=True).exclude(method=TrainingMethod.CLASSROOM).first()
    client.force_login(trainer)
    old_name, old_method = rule.name, rule.method
    response = client.post(
        reverse("deliveryrule:edit", args=[rule.pk]),
        rule_post_data(rule, name="Renamed rule", method=TrainingMethod.CLASSROOM),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.name == "Renamed rule"
    entry = ModelLogEntry.objects.get(action="mamori.rule.update", object_id=str(rule.pk))
    assert entry.user == trainer
    assert entry.data["changes"] == {
        "name": [old_name, "Renamed rule"],
        "method": [old_method, TrainingMethod.CLASSROOM],
    }


def test_delivery_rule_edit_without_a_change_writes_no_entry(client, trainer):
    rule = DeliveryRule.objects.filter(categories__isnull=False).distinct().first()
    client.force_login(trainer)
    with nothing_changes(DeliveryRule):
        response = client.post(reverse("deliveryrule:edit", args=[rule.pk]), rule_post_data(rule))
    assert response.status_code == 302


def test_delivery_rule_delete_writes_audit_entry(client, trainer):
    rule = DeliveryRule.objects.first()
    client.force_login(trainer)
    response = client.post(reverse("deliveryrule:delete", args=[rule.pk]))
    assert response.status_code == 302
    assert not DeliveryRule.objects.filter(pk=rule.pk).exists()
    assert ModelLogEntry.objects.filter(action="mamori.rule.delete", object_id=str(rule.pk)).exists()


def test_hr_and_managers_cannot_reach_rules(client, hr_a, manager_a):
    rule = DeliveryRule.objects.first()
    for user in (hr_a, manager_a):
        client.force_login(user)
        with nothing_changes(DeliveryRule):
            assert_forbidden(client.get(reverse("deliveryrule:index")))
            assert_forbidden(client.post(reverse("deliveryrule:edit", args=[rule.pk]), rule_post_data(rule, name="X")))
            assert_forbidden(client.post(reverse("deliveryrule:delete", args=[rule.pk])))


# --- Campaigns ----------------------------------------------------------------------------


def test_campaign_list_renders(client, trainer, launched):
    client.force_login(trainer)
    assert "Awareness" in client.get(reverse("campaign:index")).content.decode()


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
    entry = ModelLogEntry.objects.get(action="mamori.campaign.create", object_id=str(campaign.pk))
    assert entry.user == trainer


def test_campaign_edit_writes_audit_entry(client, trainer, campaign, course):
    client.force_login(trainer)
    response = client.post(
        reverse("campaign:edit", args=[campaign.pk]),
        {"name": "Awareness FY2026", "course": course.pk, "fiscal_year": 2026, "due_date": "2027-03-31"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ModelLogEntry.objects.get(action="mamori.campaign.update", object_id=str(campaign.pk))
    assert entry.user == trainer
    assert entry.data == {"changes": {"name": ["Awareness", "Awareness FY2026"]}}


def test_launched_campaign_cannot_be_edited(client, trainer, launched):
    client.force_login(trainer)
    with nothing_changes(Campaign):
        response = client.post(reverse("campaign:edit", args=[launched.pk]), {"name": "Renamed"}, follow=True)
    assert "Only a draft campaign can be changed." in response.content.decode()


# --- Completion records -------------------------------------------------------------------


def test_completion_list_offers_correct_to_hr_only(client, hr_a, manager_a, launched):
    client.force_login(hr_a)
    assert "/admin/completionrecord/correct/" in client.get(reverse("completionrecord:index")).content.decode()
    client.force_login(manager_a)
    assert "/admin/completionrecord/correct/" not in client.get(reverse("completionrecord:index")).content.decode()


def test_manager_lists_own_units_records_only(client, manager_a, launched):
    client.force_login(manager_a)
    listing = client.get(reverse("completionrecord:index")).content.decode()
    assert "Aoki Plant-A" in listing
    assert "Baba Plant-B" not in listing


def test_manager_gets_403_on_correcting_any_record(client, manager_a, launched, people):
    """Managers hold no role that corrects records: refused before the record is looked up."""
    client.force_login(manager_a)
    for key in ("a1", "b1"):
        record = CompletionRecord.objects.get(assignment__employee=people[key])
        url = reverse("completionrecord:correct", args=[record.pk])
        with nothing_changes(CompletionRecord):
            assert_forbidden(client.get(url))
            assert_forbidden(client.post(url, {"reason": "guess"}))


def test_hr_gets_404_on_another_units_completion_record(client, hr_a, launched, people):
    client.force_login(hr_a)
    record_b = CompletionRecord.objects.get(assignment__employee=people["b1"])
    url = reverse("completionrecord:correct", args=[record_b.pk])
    response = client.get(url)
    assert_not_found(response)
    assert "Baba" not in response.content.decode()
    with nothing_changes(CompletionRecord):
        assert_not_found(client.post(url, {"reason": "guess"}))


def test_completion_records_have_no_delete_or_edit_urls(client, admin_user, launched):
    record = CompletionRecord.objects.first()
    for name in ("completionrecord:delete", "completionrecord:edit"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[record.pk])
    with pytest.raises(NoReverseMatch):
        reverse("completionrecord:add")
    client.force_login(admin_user)
    with nothing_changes(CompletionRecord):
        assert_not_found(client.post(f"/admin/completionrecord/delete/{record.pk}/"))


# --- Auditors read everything and change nothing -------------------------------------------


def test_auditor_reads_rules_and_campaigns(client, auditor, campaign):
    client.force_login(auditor)
    assert client.get(reverse("deliveryrule:index")).status_code == 200
    assert client.get(reverse("campaign:index")).status_code == 200


def test_auditor_posts_are_refused_with_403_and_change_nothing(client, auditor, campaign, course):
    rule = DeliveryRule.objects.first()
    client.force_login(auditor)
    posts = [
        (reverse("deliveryrule:add"), {"name": "X", "method": "elearning", "position": 1}),
        (reverse("deliveryrule:edit", args=[rule.pk]), rule_post_data(rule, name="X")),
        (reverse("deliveryrule:delete", args=[rule.pk]), {}),
        (reverse("campaign:add"), {"name": "X", "course": course.pk, "fiscal_year": 2027, "due_date": "2028-03-31"}),
        (reverse("campaign:edit", args=[campaign.pk]), {"name": "X"}),
        (reverse("campaign:launch", args=[campaign.pk]), {}),
    ]
    with nothing_changes(DeliveryRule, Campaign, Assignment):
        for url, data in posts:
            assert_forbidden(client.post(url, data))
