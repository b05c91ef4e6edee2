"""Auditors read everything and change nothing."""

import pytest
from django.urls import reverse

from lms.organisation.models import Employee
from lms.training.models import Campaign, DeliveryRule
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db


def test_auditor_reads_every_unit_and_the_audit_log(client, auditor, people):
    client.force_login(auditor)
    html = client.get(reverse("employee:index")).content.decode()
    assert "Aoki Plant-A" in html and "Baba Plant-B" in html
    assert client.get(reverse("employee:inspect", args=[people["b1"].pk])).status_code == 200
    assert client.get(reverse("deliveryrule:index")).status_code == 200
    assert client.get(reverse("mamori_audit_log")).status_code == 200


def test_auditor_posts_are_refused(client, auditor, people, units, campaign):
    client.force_login(auditor)
    before_employees = Employee.objects.count()
    before_rules = DeliveryRule.objects.count()
    posts = [
        (reverse("employee:add"), {"number": "X1", "unit": units["plant_a"].pk, "full_name": "X"}),
        (reverse("employee:edit", args=[people["a1"].pk]), {"full_name": "X"}),
        (reverse("deliveryrule:add"), {"name": "X", "method": "elearning", "position": 1}),
        (reverse("deliveryrule:delete", args=[DeliveryRule.objects.first().pk]), {}),
        (reverse("campaign:edit", args=[campaign.pk]), {"name": "X"}),
        (reverse("campaign:launch", args=[campaign.pk]), {}),
        (reverse("orgunit:add"), {"code": "X", "name": "X", "kind": "site"}),
        (reverse("employeecategory:add"), {"code": "x", "name": "X", "position": 1}),
    ]
    for url, data in posts:
        assert_refused(client.post(url, data), url)
    assert Employee.objects.count() == before_employees
    assert DeliveryRule.objects.count() == before_rules
    people["a1"].refresh_from_db()
    assert people["a1"].full_name == "Aoki Plant-A"
    campaign.refresh_from_db()
    assert campaign.name == "Awareness"
    assert campaign.status == Campaign.Status.DRAFT
