"""The audit log shows who changed what, to auditors and administrators only."""

import pytest
from django.urls import reverse

from lms.organisation.services import employee_update
from tests.refusals import assert_forbidden

pytestmark = pytest.mark.django_db


def test_auditor_sees_changes_newest_first_and_filters_by_action(client, auditor, hr_a, people, launched):
    employee_update(employee=people["a1"], actor=hr_a, full_name="Aoki Renamed")
    client.force_login(auditor)
    response = client.get(reverse("mamori_audit_log"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "hr-a" in html
    assert "Aoki Plant-A → Aoki Renamed" in html
    # Newest first: the rename happened after the launch.
    assert html.index("mamori.employee.update") < html.index("mamori.campaign.launch")

    filtered = client.get(reverse("mamori_audit_log"), {"action": "mamori.campaign.launch"}).content.decode()
    assert "mamori.campaign.launch" in filtered
    assert "Aoki Renamed" not in filtered


def test_administrator_sees_the_audit_log(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("mamori_audit_log")).status_code == 200


@pytest.mark.parametrize("role", ["manager_a", "hr_a", "trainer"])
def test_other_roles_get_403_on_the_audit_log(client, request, role, hr_a, people):
    employee_update(employee=people["b1"], actor=hr_a, full_name="Baba Renamed")
    client.force_login(request.getfixturevalue(role))
    for url in (reverse("mamori_audit_log"), reverse("mamori_audit_log_results")):
        response = client.get(url)
        assert_forbidden(response)
        assert "Baba" not in response.content.decode()


def test_wagtail_site_history_is_for_audit_readers_only(client, manager_a, auditor, hr_a, people):
    employee_update(employee=people["b1"], actor=hr_a, full_name="Baba Renamed")
    client.force_login(manager_a)
    url = reverse("wagtailadmin_reports:site_history")
    response = client.get(url)
    assert_forbidden(response)
    assert "Baba" not in response.content.decode()
    client.force_login(auditor)
    assert "Baba Renamed" in client.get(url).content.decode()
